package io.github.clarifais3sync.ledger;

import io.github.clarifais3sync.fakes.InMemoryLedger;
import java.util.Set;
import java.util.stream.Collectors;

// The ledger contract against the in-memory ledger the service tests use.
class InMemoryLedgerTest extends LedgerContract {

    private final InMemoryLedger ledger = new InMemoryLedger();

    @Override
    protected Ledger ledger() {
        return ledger;
    }

    @Override
    protected Set<String> keysAwaitingStatus(String bucket) {
        return ledger.awaitingStatus().stream()
                .filter(e -> e.bucket().equals(bucket))
                .map(LedgerEntry::key)
                .collect(Collectors.toSet());
    }
}

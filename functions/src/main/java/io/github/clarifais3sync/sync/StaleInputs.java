package io.github.clarifais3sync.sync;

import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.ledger.LedgerEntry;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.metrics.Metric;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.model.Sequencers;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Removes the inputs of object versions that S3 no longer serves: older versions of an overwritten key, every
 * version older than a delete, or one version deleted by id. Inputs are deleted from the app first and marked
 * deleted in the ledger second, so a failed delete is retried whole; a version that became an input between the two
 * steps (an upload racing this delete) is noticed from the ledger's previous state and deleted too.
 */
public final class StaleInputs {

    private final Ledger ledger;
    private final InputsClient inputs;
    private final Metrics metrics;
    private final Clock clock;

    public StaleInputs(Ledger ledger, InputsClient inputs, Metrics metrics, Clock clock) {
        this.ledger = ledger;
        this.inputs = inputs;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Retires every version of {@code bucket/key} whose sequencer is before {@code beforeSequencer} (all versions when
     * it is empty). Returns the number of inputs deleted from the app.
     *
     * @throws io.github.clarifais3sync.inputs.InputsApiException when the app refused the delete; nothing is marked
     */
    public int retireOlderThan(String bucket, String key, String beforeSequencer, String reason, Deadline deadline) {
        return retireOlderThan(bucket, key, beforeSequencer, null, reason, deadline);
    }

    /**
     * The same, sparing the version with input id {@code keep}: in a versioned bucket a listed version and the event
     * of the same version share an id, and the ledger row keeps the sequencer of whichever came first (a listing's is
     * empty), so the row can look older than the version it is.
     */
    public int retireOlderThan(String bucket, String key, String beforeSequencer, String keep, String reason,
                               Deadline deadline) {
        boolean all = Sequencers.normalize(beforeSequencer).isEmpty();
        return retire(bucket, key, e -> !e.inputId().equals(keep)
                && (all || Sequencers.compare(e.sequencer(), beforeSequencer) < 0), reason, deadline);
    }

    /** Retires the one version with this S3 {@code versionId} (a versioned bucket's permanent delete of it). */
    public int retireVersion(String bucket, String key, String versionId, String reason, Deadline deadline) {
        return retire(bucket, key, e -> versionId.equals(e.versionId()), reason, deadline);
    }

    private int retire(String bucket, String key, Predicate<LedgerEntry> which, String reason, Deadline deadline) {
        List<LedgerEntry> stale = ledger.versionsOf(bucket, key).stream()
                .filter(e -> e.state() != InputState.DELETED)
                .filter(which)
                .toList();
        Set<String> deleted = new HashSet<>();
        stale.stream().filter(LedgerEntry::mayExistInApp).forEach(e -> deleted.add(e.inputId()));
        if (!deleted.isEmpty()) {
            inputs.deleteInputs(List.copyOf(deleted), deadline);
        }
        for (LedgerEntry entry : stale) {
            LedgerEntry previous = ledger.markDeleted(bucket, key, entry.inputId(), reason, clock.instant())
                    .orElse(null);
            if (previous != null && previous.mayExistInApp() && deleted.add(entry.inputId())) {
                inputs.deleteInput(entry.inputId(), deadline);
            }
            Log.info("input.retired", "bucket", bucket, "key", key, "inputId", entry.inputId(),
                    "previousState", previous == null ? null : previous.state().wireName(), "reason", reason);
        }
        if (!deleted.isEmpty()) {
            metrics.record(Metric.INPUTS_DELETED, deleted.size());
        }
        return deleted.size();
    }
}

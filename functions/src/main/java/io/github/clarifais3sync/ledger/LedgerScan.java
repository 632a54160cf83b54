package io.github.clarifais3sync.ledger;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Every version the ledger holds, for the operations tool's counts and reconciliation and the offline benchmarks. The
 * functions never scan: they read by key or through the {@code pending} index ({@link Ledger}).
 */
public interface LedgerScan {

    /** Every version entry, page by page, in no particular order; stops early when {@code stop} says so. */
    void scanVersions(Consumer<LedgerEntry> each, BooleanSupplier stop);
}

package io.github.clarifais3sync.ops.reconcile;

import io.github.clarifais3sync.ledger.LedgerEntry;
import java.util.List;

/**
 * One key whose three views disagree, with what a repair does about it.
 *
 * @param queue   a listed object to send through the pipeline as a new version (no ledger record of it yet)
 * @param retry   a ledger version to send through the pipeline again (its input is missing from the app)
 * @param delete  input ids to delete from the app
 * @param close   ledger versions to mark deleted (their inputs are gone or being deleted)
 */
public record Finding(
        Kind kind,
        String key,
        String detail,
        BucketObject queue,
        LedgerEntry retry,
        List<String> delete,
        List<LedgerEntry> close) {

    public enum Kind {
        /** In the bucket, no input in the app. */
        MISSING("missing"),
        /** An input whose object is gone (or no longer synced). */
        ORPHAN("orphan"),
        /** An input of an older content of the key (eTag differs). */
        STALE("stale"),
        /** Two or more inputs for the same content of one key. */
        DUPLICATE("duplicate"),
        /** The current version failed (ledger or app): 'failures' and 'retry' deal with it. */
        FAILED("failed"),
        /** The ledger holds a live version that neither the bucket nor the app has. */
        LEDGER_ONLY("ledger-only"),
        /** On its way through the pipeline (queued): not drift. */
        PENDING("pending");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Whether this kind is drift (pending and failed are reported, not repaired). */
        public boolean repairable() {
            return this != PENDING && this != FAILED;
        }
    }

    public Finding {
        delete = List.copyOf(delete);
        close = List.copyOf(close);
    }
}

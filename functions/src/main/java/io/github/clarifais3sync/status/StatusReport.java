package io.github.clarifais3sync.status;

/**
 * What one status run did.
 *
 * @param due          inputs the ledger had due for a check
 * @param stillPending checked and still processing
 * @param gaveUp       recorded as failed because they stayed non-final too long
 * @param retried      failed for a passing reason and queued to be posted again
 * @param unchecked    left for the next run (time ran out, or the API asked us to back off)
 */
public record StatusReport(int due, int indexed, int failed, int stillPending, int gaveUp, int retried, int unchecked) {

    static final class Counter {
        private final int due;
        private int indexed;
        private int failed;
        private int pending;
        private int gaveUp;
        private int retried;
        private int unchecked;

        Counter(int due) {
            this.due = due;
        }

        synchronized void indexed() {
            indexed++;
        }

        synchronized void failed() {
            failed++;
        }

        synchronized void pending() {
            pending++;
        }

        synchronized void gaveUp() {
            gaveUp++;
        }

        synchronized void retried() {
            retried++;
        }

        synchronized void unchecked(int count) {
            unchecked += count;
        }

        synchronized StatusReport report() {
            return new StatusReport(due, indexed, failed, pending, gaveUp, retried, unchecked);
        }
    }
}

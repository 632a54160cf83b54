package io.github.clarifais3sync.status;

import io.github.clarifais3sync.concurrent.BoundedParallel;
import io.github.clarifais3sync.inputs.Classifier;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.inputs.Input;
import io.github.clarifais3sync.inputs.InputsApiException;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.inputs.ListInputsRequest;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.ledger.LedgerEntry;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.metrics.Metric;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.model.ObjectVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks every posted input that is not final yet and records what Clarifai says. Adding is asynchronous: an input
 * is 30001 (pending) or 30003 (in progress) until it reaches 30000 (indexed) or a failure code (docs/clarifai-api-notes.md#status). Inputs are asked for 128 at a time with a list call filtered by {@code ids}; the ledger's sparse index says
 * which are due, so the table is never scanned. An input still not final after the give-up age is recorded as
 * failed, with the reason.
 *
 * <p>An input that failed for a passing reason (39996 could not connect to the URL, 30210, 40031, 98xxx) is posted
 * again, up to the attempt limit: it is deleted from the app and its version goes back on the upload queue, delayed
 * so that Clarifai's asynchronous delete of the id is done before the same id is added again.
 */
public final class StatusService {

    static final int IDS_PER_REQUEST = InputsClient.MAX_INPUTS_PER_ADD;
    static final int MAX_PER_RUN = 10_000;
    /**
     * Inputs of one listed chunk (up to 128) recorded at once: each is a conditional ledger write, and one after
     * another they set a large run's pace (10,000 due inputs are 10,000 round trips).
     */
    static final int RECORDS_AT_ONCE = 16;

    private static final Duration RESERVE = Duration.ofSeconds(10);

    private final InputsClient inputs;
    private final Ledger ledger;
    private final RetryQueue retryQueue;
    private final Duration giveUpAfter;
    private final int maxAttempts;
    private final Duration retryDelay;
    private final Metrics metrics;
    private final Clock clock;
    private final BoundedParallel parallel = new BoundedParallel(RECORDS_AT_ONCE);

    /**
     * @param giveUpAfter an input still not final this long after it was posted is recorded as failed
     * @param maxAttempts adds a version may take in all before a passing failure is recorded as final
     * @param retryDelay  how long a version waits on the queue before it is posted again
     */
    public record Options(Duration giveUpAfter, int maxAttempts, Duration retryDelay) {}

    public StatusService(
            InputsClient inputs, Ledger ledger, RetryQueue retryQueue, Options options, Metrics metrics, Clock clock) {
        this.inputs = inputs;
        this.ledger = ledger;
        this.retryQueue = retryQueue;
        this.giveUpAfter = options.giveUpAfter();
        this.maxAttempts = options.maxAttempts();
        this.retryDelay = options.retryDelay();
        this.metrics = metrics;
        this.clock = clock;
    }

    public StatusReport poll(Deadline deadline) {
        Instant now = clock.instant();
        List<LedgerEntry> due = ledger.dueForStatus(now, MAX_PER_RUN);
        StatusReport.Counter counter = new StatusReport.Counter(due.size());
        Instant oldestPending = null;
        for (int from = 0; from < due.size(); from += IDS_PER_REQUEST) {
            if (!deadline.hasAtLeast(RESERVE)) {
                counter.unchecked(due.size() - from);
                oldestPending = oldest(oldestPending, due.subList(from, due.size()));
                break;
            }
            List<LedgerEntry> chunk = due.subList(from, Math.min(due.size(), from + IDS_PER_REQUEST));
            Map<String, Input> found = new HashMap<>();
            try {
                inputs.listInputs(
                                ListInputsRequest.ofIds(
                                        chunk.stream().map(LedgerEntry::inputId).toList()),
                                deadline)
                        .inputs()
                        .forEach(input -> found.put(input.id(), input));
            } catch (InputsApiException e) {
                if (!e.retryable()) {
                    throw e;
                }
                Log.warn("status.check-postponed", "inputs", chunk.size(), "code", e.code(), "error", e.getMessage());
                counter.unchecked(due.size() - from);
                oldestPending = oldest(oldestPending, due.subList(from, due.size()));
                break;
            }
            List<Boolean> stillPending =
                    parallel.map(chunk, entry -> record(entry, found.get(entry.inputId()), counter, deadline));
            for (int i = 0; i < chunk.size(); i++) {
                if (stillPending.get(i)) {
                    oldestPending = oldest(oldestPending, List.of(chunk.get(i)));
                }
            }
        }
        StatusReport report = counter.report();
        metrics.record(Metric.INPUTS_PENDING, report.stillPending() + report.unchecked());
        metrics.record(
                Metric.OLDEST_PENDING_AGE,
                oldestPending == null
                        ? 0
                        : Math.max(0, Duration.between(oldestPending, now).toSeconds()));
        metrics.increment(Metric.STATUS_RUNS_COMPLETED);
        Log.info(
                "status.run",
                "due",
                report.due(),
                "indexed",
                report.indexed(),
                "failed",
                report.failed(),
                "pending",
                report.stillPending(),
                "gaveUp",
                report.gaveUp(),
                "retried",
                report.retried(),
                "unchecked",
                report.unchecked());
        return report;
    }

    /** The earliest posting time among {@code entries} and {@code oldest}. */
    private static Instant oldest(Instant oldest, List<LedgerEntry> entries) {
        for (LedgerEntry entry : entries) {
            Instant posted = entry.postedAt() != null ? entry.postedAt() : entry.createdAt();
            if (posted != null && (oldest == null || posted.isBefore(oldest))) {
                oldest = posted;
            }
        }
        return oldest;
    }

    /** Records one input's status; returns whether it is still pending afterwards. */
    private boolean record(LedgerEntry entry, Input input, StatusReport.Counter counter, Deadline deadline) {
        Instant now = clock.instant();
        boolean tooOld =
                entry.postedAt() != null && entry.postedAt().plus(giveUpAfter).isBefore(now);
        int code = input == null ? entry.statusCode() : input.status().code();
        String description =
                input == null ? "not listed by the app yet" : input.status().summary();
        Classifier.Progress progress = input == null ? Classifier.Progress.PROCESSING : Classifier.ofInputStatus(code);
        if (progress == Classifier.Progress.INDEXED) {
            ledger.recordStatus(entry, InputState.INDEXED, code, description, now, null);
            counter.indexed();
            metrics.increment(Metric.INPUTS_INDEXED);
            Instant put = entry.eventTime() != null ? entry.eventTime() : entry.createdAt();
            if (put != null) {
                metrics.record(
                        Metric.PUT_TO_INDEXED,
                        Math.max(0, Duration.between(put, now).toMillis()) / 1000.0);
            }
            log(entry, "indexed", code, description);
        } else if (progress == Classifier.Progress.PROCESSING) {
            if (tooOld) {
                String reason = "still " + code + " (" + description + ") " + giveUpAfter.toMinutes()
                        + " minutes after it was posted; gave up";
                ledger.recordStatus(entry, InputState.FAILED, code, reason, now, null);
                counter.gaveUp();
                metrics.failed(code);
                log(entry, "gave-up", code, reason);
            } else {
                ledger.recordStatus(entry, InputState.PROCESSING, code, description, now, now);
                counter.pending();
                return true;
            }
        } else if (progress == Classifier.Progress.PASSING_FAILURE && entry.attempts() < maxAttempts) {
            if (postAgain(entry, code, description, deadline, counter)) {
                log(entry, "retry", code, description);
            } else {
                recordFailed(entry, code, description, now, counter);
            }
        } else {
            recordFailed(entry, code, description, now, counter);
        }
        return false;
    }

    private void recordFailed(
            LedgerEntry entry, int code, String description, Instant now, StatusReport.Counter counter) {
        ledger.recordStatus(entry, InputState.FAILED, code, description, now, null);
        counter.failed();
        metrics.failed(code);
        log(entry, "failed", code, description);
    }

    /**
     * Deletes the failed input and queues its version again; returns false when the version cannot be rebuilt from
     * the ledger (then the failure is final). A delete or send that fails leaves the entry as it was for the next run.
     */
    private boolean postAgain(
            LedgerEntry entry, int code, String description, Deadline deadline, StatusReport.Counter counter) {
        ObjectVersion version = ObjectVersion.of(
                entry.bucket(),
                entry.key(),
                entry.size(),
                entry.eTag(),
                entry.versionId(),
                entry.sequencer(),
                entry.eventTime() == null ? null : entry.eventTime().toString());
        if (!version.inputId().equals(entry.inputId())) {
            return false;
        }
        try {
            inputs.deleteInput(entry.inputId(), deadline);
            retryQueue.send(version, retryDelay);
            ledger.requeue(entry, code, "retrying after " + code + " (" + description + ")", clock.instant());
            counter.retried();
            metrics.increment(Metric.INPUTS_REQUEUED);
        } catch (RuntimeException e) {
            Log.warn(
                    "status.retry-postponed",
                    "bucket",
                    entry.bucket(),
                    "key",
                    entry.key(),
                    "inputId",
                    entry.inputId(),
                    "error",
                    e.toString());
            counter.unchecked(1);
        }
        return true;
    }

    private static void log(LedgerEntry entry, String outcome, int code, String description) {
        Log.info(
                "status." + outcome,
                "bucket",
                entry.bucket(),
                "key",
                entry.key(),
                "inputId",
                entry.inputId(),
                "code",
                code,
                "description",
                description);
    }
}

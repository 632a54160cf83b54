package io.github.clarifais3sync.status;

import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.inputs.Input;
import io.github.clarifais3sync.inputs.InputsApiException;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.inputs.ListInputsRequest;
import io.github.clarifais3sync.inputs.Classifier;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.ledger.LedgerEntry;
import io.github.clarifais3sync.logging.Log;
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
    private static final Duration RESERVE = Duration.ofSeconds(10);

    private final InputsClient inputs;
    private final Ledger ledger;
    private final RetryQueue retryQueue;
    private final Duration giveUpAfter;
    private final int maxAttempts;
    private final Duration retryDelay;
    private final Clock clock;

    /**
     * @param maxAttempts adds a version may take in all before a passing failure is recorded as final
     * @param retryDelay  how long a version waits on the queue before it is posted again
     */
    public StatusService(InputsClient inputs, Ledger ledger, RetryQueue retryQueue, Duration giveUpAfter,
                         int maxAttempts, Duration retryDelay, Clock clock) {
        this.inputs = inputs;
        this.ledger = ledger;
        this.retryQueue = retryQueue;
        this.giveUpAfter = giveUpAfter;
        this.maxAttempts = maxAttempts;
        this.retryDelay = retryDelay;
        this.clock = clock;
    }

    public StatusReport poll(Deadline deadline) {
        Instant now = clock.instant();
        List<LedgerEntry> due = ledger.dueForStatus(now, MAX_PER_RUN);
        StatusReport.Counter counter = new StatusReport.Counter(due.size());
        for (int from = 0; from < due.size(); from += IDS_PER_REQUEST) {
            if (!deadline.hasAtLeast(RESERVE)) {
                counter.unchecked(due.size() - from);
                break;
            }
            List<LedgerEntry> chunk = due.subList(from, Math.min(due.size(), from + IDS_PER_REQUEST));
            Map<String, Input> found = new HashMap<>();
            try {
                inputs.listInputs(ListInputsRequest.ofIds(chunk.stream().map(LedgerEntry::inputId).toList()), deadline)
                        .inputs().forEach(input -> found.put(input.id(), input));
            } catch (InputsApiException e) {
                if (!e.retryable()) {
                    throw e;
                }
                Log.warn("status.check-postponed", "inputs", chunk.size(), "code", e.code(), "error", e.getMessage());
                counter.unchecked(due.size() - from);
                break;
            }
            for (LedgerEntry entry : chunk) {
                record(entry, found.get(entry.inputId()), counter, deadline);
            }
        }
        StatusReport report = counter.report();
        Log.info("status.run", "due", report.due(), "indexed", report.indexed(), "failed", report.failed(),
                "pending", report.stillPending(), "gaveUp", report.gaveUp(), "retried", report.retried(),
                "unchecked", report.unchecked());
        return report;
    }

    private void record(LedgerEntry entry, Input input, StatusReport.Counter counter, Deadline deadline) {
        Instant now = clock.instant();
        boolean tooOld = entry.postedAt() != null && entry.postedAt().plus(giveUpAfter).isBefore(now);
        int code = input == null ? entry.statusCode() : input.status().code();
        String description = input == null ? "not listed by the app yet" : input.status().summary();
        Classifier.Progress progress = input == null ? Classifier.Progress.PROCESSING : Classifier.ofInputStatus(code);
        if (progress == Classifier.Progress.INDEXED) {
            ledger.recordStatus(entry, InputState.INDEXED, code, description, now, null);
            counter.indexed();
            log(entry, "indexed", code, description);
        } else if (progress == Classifier.Progress.PROCESSING) {
            if (tooOld) {
                String reason = "still " + code + " (" + description + ") " + giveUpAfter.toMinutes()
                        + " minutes after it was posted; gave up";
                ledger.recordStatus(entry, InputState.FAILED, code, reason, now, null);
                counter.gaveUp();
                log(entry, "gave-up", code, reason);
            } else {
                ledger.recordStatus(entry, InputState.PROCESSING, code, description, now, now);
                counter.pending();
            }
        } else if (progress == Classifier.Progress.PASSING_FAILURE && entry.attempts() < maxAttempts
                && postAgain(entry, code, description, deadline, counter)) {
            log(entry, "retry", code, description);
        } else {
            ledger.recordStatus(entry, InputState.FAILED, code, description, now, null);
            counter.failed();
            log(entry, "failed", code, description);
        }
    }

    /**
     * Deletes the failed input and queues its version again; returns false when the version cannot be rebuilt from
     * the ledger (then the failure is final). A delete or send that fails leaves the entry as it was for the next run.
     */
    private boolean postAgain(LedgerEntry entry, int code, String description, Deadline deadline,
                              StatusReport.Counter counter) {
        ObjectVersion version = ObjectVersion.of(entry.bucket(), entry.key(), entry.size(), entry.eTag(),
                entry.versionId(), entry.sequencer(), null);
        if (!version.inputId().equals(entry.inputId())) {
            return false;
        }
        try {
            inputs.deleteInput(entry.inputId(), deadline);
            retryQueue.send(version, retryDelay);
            ledger.requeue(entry, code, "retrying after " + code + " (" + description + ")", clock.instant());
            counter.retried();
        } catch (RuntimeException e) {
            Log.warn("status.retry-postponed", "bucket", entry.bucket(), "key", entry.key(), "inputId",
                    entry.inputId(), "error", e.toString());
            counter.unchecked(1);
        }
        return true;
    }

    private static void log(LedgerEntry entry, String outcome, int code, String description) {
        Log.info("status." + outcome, "bucket", entry.bucket(), "key", entry.key(), "inputId", entry.inputId(),
                "code", code, "description", description);
    }
}

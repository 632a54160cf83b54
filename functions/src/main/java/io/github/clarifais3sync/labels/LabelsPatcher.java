package io.github.clarifais3sync.labels;

import io.github.clarifais3sync.batch.Outcome;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.inputs.InputOutcome;
import io.github.clarifais3sync.inputs.InputsApiException;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.inputs.PatchAction;
import io.github.clarifais3sync.labels.LabelsStep.Change;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.ledger.LedgerEntry;
import io.github.clarifais3sync.logging.Log;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A tag change's last step: the PATCH of up to 128 inputs, and each input's concepts recorded in the ledger. */
final class LabelsPatcher {

    private final InputsClient inputs;
    private final Ledger ledger;
    private final Clock clock;

    LabelsPatcher(InputsClient inputs, Ledger ledger, Clock clock) {
        this.inputs = inputs;
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * One PATCH overwrite of up to 128 inputs (https://docs.clarifai.com/api-guide/advanced-topics/patching). An
     * input the API refuses for good (gone, invalid concept) is recorded and done; a passing failure comes back.
     */
    Map<String, Outcome> patch(List<Change> request, Deadline deadline) {
        Map<String, Outcome> outcomes = new HashMap<>();
        List<InputOutcome> results;
        try {
            results = inputs.patchInputs(request.stream().map(Change::patch).toList(), PatchAction.OVERWRITE, deadline);
        } catch (InputsApiException e) {
            Log.warn(
                    "labels.patch-failed",
                    "inputs",
                    request.size(),
                    "httpStatus",
                    e.httpStatus(),
                    "code",
                    e.code(),
                    "retryable",
                    e.retryable(),
                    "error",
                    e.getMessage());
            for (Change change : request) {
                outcomes.put(
                        change.change().target(),
                        e.retryable()
                                ? release(change, "patch failed: " + e.getMessage())
                                : refused(change, e.code(), e.getMessage()));
            }
            return outcomes;
        } catch (RuntimeException e) {
            Log.error("labels.patch-failed", "inputs", request.size(), "error", e.toString());
            request.forEach(change -> outcomes.put(change.change().target(), release(change, "patch failed: " + e)));
            return outcomes;
        }
        for (InputOutcome result : results) {
            Change change = request.get(result.index());
            outcomes.put(
                    change.change().target(),
                    switch (result.kind()) {
                        case ACCEPTED, DUPLICATE_ID -> recordPatched(change);
                        case PERMANENT_FAILURE ->
                            refused(
                                    change,
                                    result.status().code(),
                                    result.status().summary());
                        case RETRYABLE_FAILURE ->
                            release(
                                    change,
                                    "patch of the input failed with "
                                            + result.status().code());
                    });
        }
        return outcomes;
    }

    private Outcome recordPatched(Change change) {
        LedgerEntry entry = change.entry();
        boolean recorded = ledger.recordLabels(
                entry.bucket(),
                entry.key(),
                entry.inputId(),
                change.owner(),
                change.labels().fingerprint(),
                change.labels().problemSummary(),
                clock.instant());
        Log.info(
                "labels.patched",
                "bucket",
                entry.bucket(),
                "key",
                entry.key(),
                "inputId",
                entry.inputId(),
                "concepts",
                change.labels().fingerprint(),
                "recorded",
                recorded);
        // A lease lost meanwhile (it expired) means another invocation took over; it reads the tags again.
        return Outcome.done("concepts " + change.labels().fingerprint());
    }

    /** A PATCH the API refused for good: recorded in the ledger and logged, never sent again. */
    private Outcome refused(Change change, int code, String description) {
        LedgerEntry entry = change.entry();
        String problem = "PATCH refused with " + code + ": " + description;
        ledger.recordLabels(
                entry.bucket(), entry.key(), entry.inputId(), change.owner(), null, problem, clock.instant());
        Log.warn(
                "labels.patch-refused",
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
        return Outcome.done(problem);
    }

    private Outcome release(Change change, String reason) {
        LedgerEntry entry = change.entry();
        ledger.releaseLabels(entry.bucket(), entry.key(), entry.inputId(), change.owner());
        Log.warn(
                "labels.patch-retry",
                "bucket",
                entry.bucket(),
                "key",
                entry.key(),
                "inputId",
                entry.inputId(),
                "reason",
                reason);
        return Outcome.retry(reason);
    }
}

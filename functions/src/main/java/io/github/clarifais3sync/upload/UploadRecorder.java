package io.github.clarifais3sync.upload;

import io.github.clarifais3sync.batch.Outcome;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.inputs.InputOutcome;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.inputs.StatusCodes;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.metrics.Metric;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.model.Sequencers;
import io.github.clarifais3sync.sync.StaleInputs;
import io.github.clarifais3sync.upload.UploadPlan.Candidate;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The upload's last step: each input's outcome into the ledger. Accepted and duplicate ids are posted; permanent
 * failures are recorded and done; passing failures retry. A version recorded as posted or failed replaces the key's
 * older versions, whose inputs go.
 */
final class UploadRecorder {

    private final InputsClient inputs;
    private final Ledger ledger;
    private final StaleInputs staleInputs;
    private final Metrics metrics;
    private final Clock clock;

    UploadRecorder(InputsClient inputs, Ledger ledger, StaleInputs staleInputs, Metrics metrics, Clock clock) {
        this.inputs = inputs;
        this.ledger = ledger;
        this.staleInputs = staleInputs;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Records one input's outcome; any failure on the way retries it. */
    Outcome record(
            Candidate candidate, InputOutcome outcome, Deadline deadline, Map<String, StaleInputs.Retirement> retire) {
        ObjectVersion version = candidate.version();
        try {
            return switch (outcome.kind()) {
                case ACCEPTED, DUPLICATE_ID ->
                    recordAccepted(candidate, outcome.kind() == InputOutcome.Kind.DUPLICATE_ID, deadline, retire);
                case PERMANENT_FAILURE -> recordRejected(candidate, outcome, deadline, retire);
                case RETRYABLE_FAILURE -> {
                    Log.warn(
                            "upload.input-retry",
                            "bucket",
                            version.bucket(),
                            "key",
                            version.key(),
                            "inputId",
                            version.inputId(),
                            "code",
                            outcome.status().code(),
                            "description",
                            outcome.status().summary());
                    yield Outcome.retry("input failed with " + outcome.status().code());
                }
            };
        } catch (RuntimeException e) {
            Log.warn(
                    "upload.record-failed",
                    "bucket",
                    version.bucket(),
                    "key",
                    version.key(),
                    "inputId",
                    version.inputId(),
                    "error",
                    e.toString());
            return Outcome.retry("recording the outcome failed: " + e);
        }
    }

    /**
     * An input the add did not take. A 30100 "duplicate" can only be this id already in the app, since every add
     * allows duplicate URLs (docs/clarifai-api-notes.md#duplicates): confirmed with a GET, it counts as posted.
     */
    private Outcome recordRejected(
            Candidate candidate, InputOutcome outcome, Deadline deadline, Map<String, StaleInputs.Retirement> retire) {
        ObjectVersion version = candidate.version();
        if (outcome.status().code() == StatusCodes.INPUT_DUPLICATE
                && inputs.getInput(version.inputId(), deadline).isPresent()) {
            return recordAccepted(candidate, true, deadline, retire);
        }
        return recordPermanentFailure(
                version, outcome.status().code(), outcome.status().summary(), retire);
    }

    /**
     * Records a version that will not become an input. It still replaced the key's older versions in S3, so their
     * inputs go: the app must not keep showing an image the bucket no longer holds.
     */
    Outcome recordPermanentFailure(
            ObjectVersion version, int code, String reason, Map<String, StaleInputs.Retirement> retire) {
        ledger.markFailed(version, code, reason, clock.instant());
        metrics.failed(code);
        Log.warn(
                "upload.input-failed",
                "bucket",
                version.bucket(),
                "key",
                version.key(),
                "inputId",
                version.inputId(),
                "code",
                code,
                "description",
                reason);
        retireOlder(version, retire);
        return Outcome.done("failed for good with " + code);
    }

    private Outcome recordAccepted(
            Candidate candidate, boolean duplicate, Deadline deadline, Map<String, StaleInputs.Retirement> retire) {
        ObjectVersion version = candidate.version();
        if (!ledger.markPosted(
                version, candidate.labels().fingerprint(), candidate.labels().problemSummary(), clock.instant())) {
            // The object was removed while this add was in flight: the delete saw no input yet, so remove it here.
            inputs.deleteInput(version.inputId(), deadline);
            Log.info(
                    "upload.removed-after-racing-delete",
                    "bucket",
                    version.bucket(),
                    "key",
                    version.key(),
                    "inputId",
                    version.inputId());
            return Outcome.done("deleted while posting");
        }
        metrics.increment(Metric.INPUTS_POSTED);
        if (duplicate) {
            metrics.increment(Metric.INPUTS_DUPLICATE);
        }
        Log.info(
                "upload.posted",
                "bucket",
                version.bucket(),
                "key",
                version.key(),
                "inputId",
                version.inputId(),
                "duplicate",
                duplicate);
        retireOlder(version, retire);
        return Outcome.done(duplicate ? "already in the app" : "posted");
    }

    /**
     * An overwrite replaces the object's input: older versions' inputs go once the new one is accepted. A listed
     * version (backfill) has no sequencer and orders before every event's version: nothing is older than it. Only
     * noted here; {@link #retireOlderVersions} retires the whole batch's in shared DELETE requests.
     */
    void retireOlder(ObjectVersion version, Map<String, StaleInputs.Retirement> retire) {
        if (Sequencers.normalize(version.sequencer()).isEmpty()) {
            return;
        }
        retire.put(
                version.inputId(),
                StaleInputs.Retirement.olderThan(
                        version.bucket(),
                        version.key(),
                        version.sequencer(),
                        version.inputId(),
                        "replaced by a newer version (input " + version.inputId() + ")"));
    }

    /**
     * Retires the older versions of every version of the batch that replaced them, in DELETE requests of up to 128
     * ids; a version whose retirement Clarifai refused comes back, to finish it on its redelivery.
     */
    void retireOlderVersions(
            Map<String, StaleInputs.Retirement> retire, Map<String, Outcome> byInput, Deadline deadline) {
        if (retire.isEmpty()) {
            return;
        }
        List<String> ids = List.copyOf(retire.keySet());
        List<StaleInputs.Retired> results =
                staleInputs.retireAll(ids.stream().map(retire::get).toList(), deadline);
        for (int i = 0; i < ids.size(); i++) {
            if (!results.get(i).succeeded()) {
                byInput.put(
                        ids.get(i),
                        Outcome.retry("retiring older versions failed: "
                                + results.get(i).failure().getMessage()));
            }
        }
    }
}

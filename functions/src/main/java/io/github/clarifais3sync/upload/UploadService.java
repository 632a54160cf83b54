package io.github.clarifais3sync.upload;

import io.github.clarifais3sync.batch.MessageOutcome;
import io.github.clarifais3sync.batch.Outcome;
import io.github.clarifais3sync.batch.SqsMessage;
import io.github.clarifais3sync.concurrent.BoundedParallel;
import io.github.clarifais3sync.config.Configuration.ImageSource;
import io.github.clarifais3sync.inputs.AddInputsResult;
import io.github.clarifais3sync.inputs.Classifier;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.inputs.InputOutcome;
import io.github.clarifais3sync.inputs.InputsApiException;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.inputs.NewInput;
import io.github.clarifais3sync.inputs.StatusCodes;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.ledger.LedgerEntry;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.metrics.Metric;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.metrics.SkipReason;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.concepts.LabelRules;
import io.github.clarifais3sync.concepts.Labels;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.model.Sequencers;
import io.github.clarifais3sync.storage.ObjectStore;
import io.github.clarifais3sync.storage.StoredObject;
import io.github.clarifais3sync.sync.InputMetadata;
import io.github.clarifais3sync.sync.StaleInputs;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Posts a batch of queued object versions to Clarifai in one add-inputs call (several in base64 mode, each under the
 * size cap) and says, for every message, what became of it: an {@link Outcome}. Three named steps:
 * <ol>
 *   <li>{@link #plan}: per version, whether it still needs posting; versions deleted or overwritten since they were
 *       queued, already handled, or refused before sending (empty, too large) are {@link Outcome#done done}.</li>
 *   <li>{@link #send}: the rest in size-bounded add requests; a request too large as a whole (40033) goes again in
 *       halves, any other failed request makes its versions {@link Outcome#retry retry}.</li>
 *   <li>{@link #record}: each input's outcome into the ledger. Accepted and duplicate ids are posted; permanent
 *       failures are recorded and done; passing failures retry.</li>
 * </ol>
 * A malformed message body retries too, so that it ends in the DLQ for inspection.
 */
public final class UploadService {

    /**
     * @param parallelism how many objects' network steps (ledger, S3 HEAD, bytes) run at once; 1 = one by one
     */
    public record Options(ImageSource imageSource, Duration presignedUrlTtl, long maxRequestBytes, int parallelism,
                          LabelRules labelRules) {

        /** Without label rules: inputs are added without concepts. */
        public Options(ImageSource imageSource, Duration presignedUrlTtl, long maxRequestBytes, int parallelism) {
            this(imageSource, presignedUrlTtl, maxRequestBytes, parallelism, LabelRules.of("", 0, "", ""));
        }
    }

    private final InputsClient inputs;
    private final Ledger ledger;
    private final ObjectStore store;
    private final StaleInputs staleInputs;
    private final ImageSource imageSource;
    private final Duration presignedUrlTtl;
    private final long maxRequestBytes;
    private final BoundedParallel parallel;
    private final LabelRules labelRules;
    private final Metrics metrics;
    private final Clock clock;

    public UploadService(InputsClient inputs, Ledger ledger, ObjectStore store, StaleInputs staleInputs,
                         Options options, Metrics metrics, Clock clock) {
        this.inputs = inputs;
        this.ledger = ledger;
        this.store = store;
        this.staleInputs = staleInputs;
        this.imageSource = options.imageSource();
        this.presignedUrlTtl = options.presignedUrlTtl();
        this.maxRequestBytes = Math.min(options.maxRequestBytes(), InputsClient.MAX_REQUEST_BYTES - 1);
        this.parallel = new BoundedParallel(options.parallelism());
        this.labelRules = options.labelRules();
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Uploads the batch; returns every message with its outcome, in the batch's order. */
    public List<MessageOutcome> upload(List<SqsMessage> messages, Deadline deadline) {
        Map<String, Outcome> outcomes = new HashMap<>();
        Map<String, ObjectVersion> versionOf = new HashMap<>();
        Map<String, ObjectVersion> distinct = new LinkedHashMap<>();
        Map<String, Boolean> redelivered = new HashMap<>();
        for (SqsMessage message : messages) {
            Optional<ObjectVersion> parsed = parse(message);
            if (parsed.isEmpty()) {
                outcomes.put(message.messageId(), Outcome.retry("malformed message body"));
                continue;
            }
            ObjectVersion version = parsed.get();
            Log.info("upload.received", "messageId", message.messageId(), "bucket", version.bucket(), "key",
                    version.key(), "inputId", version.inputId(), "receiveCount", message.receiveCount());
            // SQS delivers at least once: the same object version may sit twice in one batch.
            versionOf.put(message.messageId(), version);
            distinct.putIfAbsent(version.inputId(), version);
            redelivered.merge(version.inputId(), message.redelivered(), Boolean::logicalOr);
        }
        Map<String, Outcome> byInput = new HashMap<>();
        List<Candidate> candidates = new ArrayList<>();
        List<Plan> plans = parallel.map(List.copyOf(distinct.values()),
                version -> plan(version, redelivered.get(version.inputId()), deadline));
        for (Plan plan : plans) {
            switch (plan) {
                case Settled settled -> byInput.put(settled.version().inputId(), settled.outcome());
                case Candidate candidate -> candidates.add(candidate);
            }
        }
        for (List<Candidate> request : requests(candidates)) {
            byInput.putAll(send(request, deadline));
        }
        List<MessageOutcome> result = new ArrayList<>(messages.size());
        for (SqsMessage message : messages) {
            ObjectVersion version = versionOf.get(message.messageId());
            Outcome outcome = version == null ? outcomes.get(message.messageId()) : byInput.get(version.inputId());
            result.add(new MessageOutcome(message, outcome));
        }
        return result;
    }

    // ---- plan ------------------------------------------------------------------------------------------------

    /** What {@link #plan} decided for one version: settled now, or a candidate for an add. */
    private sealed interface Plan permits Settled, Candidate {
    }

    private record Settled(ObjectVersion version, Outcome outcome) implements Plan {
    }

    private record Candidate(ObjectVersion version, StoredObject object, Labels labels) implements Plan {
    }

    private Optional<ObjectVersion> parse(SqsMessage message) {
        try {
            ObjectVersion version = Json.MAPPER.readValue(message.body(), ObjectVersion.class);
            return Optional.of(ObjectVersion.of(version.bucket(), version.key(), version.size(), version.eTag(),
                    version.versionId(), version.sequencer(), version.eventTime()));
        } catch (Exception malformed) {
            Log.error("upload.poison-message", "messageId", message.messageId(), "error",
                    malformed.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** Whether a version still needs posting; any failure on the way retries it. */
    private Plan plan(ObjectVersion version, boolean redelivered, Deadline deadline) {
        try {
            return decide(version, redelivered, deadline);
        } catch (RuntimeException e) {
            Log.warn("upload.plan-failed", "bucket", version.bucket(), "key", version.key(), "inputId",
                    version.inputId(), "error", e.toString());
            return new Settled(version, Outcome.retry("planning failed: " + e));
        }
    }

    private Plan decide(ObjectVersion version, boolean redelivered, Deadline deadline) {
        Optional<LedgerEntry> entry = ledger.find(version.bucket(), version.key(), version.inputId());
        if (entry.isPresent()) {
            switch (entry.get().state()) {
                case POSTED, PROCESSING, INDEXED, FAILED -> {
                    // A redelivery: finish what the first delivery may not have, retiring the older versions.
                    retireOlder(version, deadline);
                    return settled(version, SkipReason.ALREADY_HANDLED, "already " + entry.get().state().wireName());
                }
                case DELETED -> {
                    // Removed before this delivery. An input exists only if an add accepted it (the ledger knows),
                    // or if an earlier delivery sent the add and ended before recording it; then it goes.
                    if (entry.get().everAccepted() || redelivered) {
                        inputs.deleteInput(version.inputId(), deadline);
                    }
                    return settled(version, SkipReason.REPLACED_BEFORE_UPLOAD, "deleted before upload");
                }
                default -> {
                }
            }
        }
        // Still queued on a redelivery: an earlier delivery may have sent an add whose answer never came, so the
        // input may exist. Recorded before anything else, so that a delete or an overwrite from now on removes it
        // even if this message ends on the dead-letter queue.
        boolean mayExist = entry.isPresent() && (redelivered || entry.get().mayExistInApp());
        if (entry.isPresent() && redelivered && !entry.get().mayExistInApp()) {
            ledger.countUncertainAdd(version, clock.instant());
        }
        Optional<Ledger.KeyHead> head = ledger.head(version.bucket(), version.key());
        if (head.isPresent() && Sequencers.compare(head.get().sequencer(), version.sequencer()) > 0
                && !head.get().isVersion(version.inputId())) {
            String reason = head.get().removed() ? "object removed before upload" : "overwritten before upload";
            return replacedBeforeUpload(version, mayExist, reason, SkipReason.REPLACED_BEFORE_UPLOAD, deadline);
        }
        Optional<StoredObject> object = store.head(version.bucket(), version.key(), version.versionId());
        if (object.isEmpty()) {
            return replacedBeforeUpload(version, mayExist, "object no longer in the bucket", SkipReason.NOT_IN_BUCKET,
                    deadline);
        }
        // A different eTag in an unversioned bucket means the key was overwritten since this event. A newer event is
        // on its way unless S3 coalesced the two writes into one notification (it may), so upload what is there now:
        // if the newer event comes, it replaces this input; if not, this is the only chance to sync the object.
        if (object.get().size() == 0) {
            return new Settled(version, recordPermanentFailure(version, StatusCodes.ZERO, "zero-byte object",
                    deadline));
        }
        if (object.get().size() >= InputsClient.MAX_IMAGE_BYTES) {
            return new Settled(version, recordPermanentFailure(version, StatusCodes.INPUT_OVER_LIMIT, "object is "
                    + object.get().size() + " bytes; Clarifai takes images under " + InputsClient.MAX_IMAGE_BYTES
                    + " bytes", deadline));
        }
        return new Candidate(version, object.get(), labels(version));
    }

    /** A version replaced or removed before its upload: its input goes too if an earlier add may have made one. */
    private Settled replacedBeforeUpload(ObjectVersion version, boolean mayExist, String reason, SkipReason skip,
            Deadline deadline) {
        if (mayExist) {
            inputs.deleteInput(version.inputId(), deadline);
        }
        ledger.markDeleted(version.bucket(), version.key(), version.inputId(), reason, clock.instant());
        return settled(version, skip, reason);
    }

    /**
     * The version's concepts from its key and its tags as they are now, carried by the add itself (docs/labels.md):
     * a tag change that arrives before the input exists is folded in here.
     */
    private Labels labels(ObjectVersion version) {
        if (!labelRules.enabled()) {
            return Labels.NONE;
        }
        Map<String, String> tags = labelRules.readsTags()
                ? store.tags(version.bucket(), version.key(), version.versionId()).orElse(Map.of()) : Map.of();
        Labels labels = labelRules.map(version.key(), tags);
        if (!labels.problems().isEmpty()) {
            Log.warn("labels.unmapped", "bucket", version.bucket(), "key", version.key(), "inputId",
                    version.inputId(), "problems", labels.problemSummary());
        }
        return labels;
    }

    private Settled settled(ObjectVersion version, SkipReason skip, String reason) {
        metrics.skipped(skip);
        Log.info("upload.skipped", "bucket", version.bucket(), "key", version.key(), "inputId", version.inputId(),
                "reason", reason);
        return new Settled(version, Outcome.done(reason));
    }

    // ---- send ------------------------------------------------------------------------------------------------

    /** Groups candidates into add requests: one for URLs; for base64, as many as keep each under the size cap. */
    private List<List<Candidate>> requests(List<Candidate> candidates) {
        List<List<Candidate>> requests = new ArrayList<>();
        List<Candidate> current = new ArrayList<>();
        long bytes = 0;
        for (Candidate candidate : candidates) {
            long size = imageSource == ImageSource.BASE64 ? 4 * (candidate.object().size() + 2) / 3 + 4096 : 4096;
            if (!current.isEmpty() && (bytes + size > maxRequestBytes
                    || current.size() == InputsClient.MAX_INPUTS_PER_ADD)) {
                requests.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(candidate);
            bytes += size;
        }
        if (!current.isEmpty()) {
            requests.add(current);
        }
        return requests;
    }

    /** Posts one request; returns each version's outcome by input id. */
    private Map<String, Outcome> send(List<Candidate> request, Deadline deadline) {
        AddInputsResult result;
        metrics.increment(Metric.ADD_REQUESTS);
        metrics.record(Metric.INPUTS_PER_ADD, request.size());
        try {
            result = inputs.addInputs(parallel.map(request, this::newInput), deadline);
        } catch (InputsApiException e) {
            if (e.failure() == Classifier.RequestFailure.TOO_LARGE && request.size() > 1) {
                Log.warn("upload.add-split", "inputs", request.size(), "code", e.code());
                Map<String, Outcome> halves = new HashMap<>(send(request.subList(0, request.size() / 2), deadline));
                halves.putAll(send(request.subList(request.size() / 2, request.size()), deadline));
                return halves;
            }
            Log.warn("upload.add-failed", "inputs", request.size(), "httpStatus", e.httpStatus(), "code", e.code(),
                    "retryable", e.retryable(), "error", e.getMessage());
            return everyVersion(request, Outcome.retry("add failed: " + e.getMessage()));
        } catch (RuntimeException e) {
            Log.error("upload.add-failed", "inputs", request.size(), "error", e.toString());
            return everyVersion(request, Outcome.retry("add failed: " + e));
        }
        List<Outcome> recorded = parallel.map(result.outcomes(),
                outcome -> record(request.get(outcome.index()), outcome, deadline));
        Map<String, Outcome> outcomes = new HashMap<>();
        for (int i = 0; i < recorded.size(); i++) {
            outcomes.put(request.get(result.outcomes().get(i).index()).version().inputId(), recorded.get(i));
        }
        return outcomes;
    }

    private static Map<String, Outcome> everyVersion(List<Candidate> request, Outcome outcome) {
        Map<String, Outcome> outcomes = new HashMap<>();
        request.forEach(candidate -> outcomes.put(candidate.version().inputId(), outcome));
        return outcomes;
    }

    private NewInput newInput(Candidate candidate) {
        ObjectVersion version = candidate.version();
        NewInput input = imageSource == ImageSource.BASE64
                ? NewInput.fromBytes(version.inputId(), store.read(version.bucket(), version.key(), version.versionId()))
                : NewInput.fromUrl(version.inputId(), store.presignedGetUrl(version.bucket(), version.key(),
                        version.versionId(), presignedUrlTtl));
        // Presigned URLs differ per signature, so Clarifai's duplicate-URL check is no use here; ids dedupe instead.
        return input.withAllowDuplicateUrl(true).withMetadata(InputMetadata.of(version, candidate.object()))
                .withConcepts(candidate.labels().concepts());
    }

    // ---- record ----------------------------------------------------------------------------------------------

    /** Records one input's outcome; any failure on the way retries it. */
    private Outcome record(Candidate candidate, InputOutcome outcome, Deadline deadline) {
        ObjectVersion version = candidate.version();
        try {
            return switch (outcome.kind()) {
                case ACCEPTED, DUPLICATE_ID -> recordAccepted(candidate,
                        outcome.kind() == InputOutcome.Kind.DUPLICATE_ID, deadline);
                case PERMANENT_FAILURE -> recordRejected(candidate, outcome, deadline);
                case RETRYABLE_FAILURE -> {
                    Log.warn("upload.input-retry", "bucket", version.bucket(), "key", version.key(), "inputId",
                            version.inputId(), "code", outcome.status().code(), "description",
                            outcome.status().summary());
                    yield Outcome.retry("input failed with " + outcome.status().code());
                }
            };
        } catch (RuntimeException e) {
            Log.warn("upload.record-failed", "bucket", version.bucket(), "key", version.key(), "inputId",
                    version.inputId(), "error", e.toString());
            return Outcome.retry("recording the outcome failed: " + e);
        }
    }

    /**
     * An input the add did not take. A 30100 "duplicate" can only be this id already in the app, since every add
     * allows duplicate URLs (docs/clarifai-api-notes.md#duplicates): confirmed with a GET, it counts as posted.
     */
    private Outcome recordRejected(Candidate candidate, InputOutcome outcome, Deadline deadline) {
        ObjectVersion version = candidate.version();
        if (outcome.status().code() == StatusCodes.INPUT_DUPLICATE
                && inputs.getInput(version.inputId(), deadline).isPresent()) {
            return recordAccepted(candidate, true, deadline);
        }
        return recordPermanentFailure(version, outcome.status().code(), outcome.status().summary(), deadline);
    }

    /**
     * Records a version that will not become an input. It still replaced the key's older versions in S3, so their
     * inputs go: the app must not keep showing an image the bucket no longer holds.
     */
    private Outcome recordPermanentFailure(ObjectVersion version, int code, String reason, Deadline deadline) {
        ledger.markFailed(version, code, reason, clock.instant());
        metrics.failed(code);
        Log.warn("upload.input-failed", "bucket", version.bucket(), "key", version.key(), "inputId",
                version.inputId(), "code", code, "description", reason);
        retireOlder(version, deadline);
        return Outcome.done("failed for good with " + code);
    }

    private Outcome recordAccepted(Candidate candidate, boolean duplicate, Deadline deadline) {
        ObjectVersion version = candidate.version();
        if (!ledger.markPosted(version, candidate.labels().fingerprint(), candidate.labels().problemSummary(),
                clock.instant())) {
            // The object was removed while this add was in flight: the delete saw no input yet, so remove it here.
            inputs.deleteInput(version.inputId(), deadline);
            Log.info("upload.removed-after-racing-delete", "bucket", version.bucket(), "key", version.key(),
                    "inputId", version.inputId());
            return Outcome.done("deleted while posting");
        }
        metrics.increment(Metric.INPUTS_POSTED);
        if (duplicate) {
            metrics.increment(Metric.INPUTS_DUPLICATE);
        }
        Log.info("upload.posted", "bucket", version.bucket(), "key", version.key(), "inputId", version.inputId(),
                "duplicate", duplicate);
        retireOlder(version, deadline);
        return Outcome.done(duplicate ? "already in the app" : "posted");
    }

    /**
     * An overwrite replaces the object's input: older versions' inputs go once the new one is accepted. A listed
     * version (backfill) has no sequencer and orders before every event's version: nothing is older than it.
     */
    private void retireOlder(ObjectVersion version, Deadline deadline) {
        if (Sequencers.normalize(version.sequencer()).isEmpty()) {
            return;
        }
        staleInputs.retireOlderThan(version.bucket(), version.key(), version.sequencer(), version.inputId(),
                "replaced by a newer version (input " + version.inputId() + ")", deadline);
    }
}

package io.github.clarifais3sync.upload;

import io.github.clarifais3sync.batch.MessageOutcome;
import io.github.clarifais3sync.batch.Outcome;
import io.github.clarifais3sync.batch.SqsMessage;
import io.github.clarifais3sync.concepts.LabelRules;
import io.github.clarifais3sync.concurrent.BoundedParallel;
import io.github.clarifais3sync.config.Configuration.ImageSource;
import io.github.clarifais3sync.inputs.AddInputsResult;
import io.github.clarifais3sync.inputs.Classifier;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.inputs.InputsApiException;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.inputs.NewInput;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.metrics.Metric;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.storage.ObjectStore;
import io.github.clarifais3sync.sync.InputMetadata;
import io.github.clarifais3sync.sync.StaleInputs;
import io.github.clarifais3sync.upload.UploadPlan.Candidate;
import io.github.clarifais3sync.upload.UploadPlan.Settled;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Posts a batch of queued object versions to Clarifai in one add-inputs call (several in base64 mode, each under the
 * size cap) and says, for every message, what became of it: an {@link Outcome}. Three named steps:
 * <ol>
 *   <li>{@link UploadPlanner}: per version, whether it still needs posting; versions deleted or overwritten since
 *       they were queued, already handled, or refused before sending (empty, too large) are
 *       {@link Outcome#done done}.</li>
 *   <li>{@link #send}: the rest in size-bounded add requests; a request too large as a whole (40033) goes again in
 *       halves, any other failed request makes its versions {@link Outcome#retry retry}.</li>
 *   <li>{@link UploadRecorder}: each input's outcome into the ledger. Accepted and duplicate ids are posted; permanent
 *       failures are recorded and done; passing failures retry.</li>
 * </ol>
 * A malformed message body retries too, so that it ends in the DLQ for inspection.
 */
public final class UploadService {

    /**
     * @param parallelism how many objects' network steps (ledger, S3 HEAD, bytes) run at once; 1 = one by one
     */
    public record Options(
            ImageSource imageSource,
            Duration presignedUrlTtl,
            long maxRequestBytes,
            int parallelism,
            LabelRules labelRules) {

        /** Without label rules: inputs are added without concepts. */
        public Options(ImageSource imageSource, Duration presignedUrlTtl, long maxRequestBytes, int parallelism) {
            this(imageSource, presignedUrlTtl, maxRequestBytes, parallelism, LabelRules.of("", 0, "", ""));
        }
    }

    private final InputsClient inputs;
    private final ObjectStore store;
    private final ImageSource imageSource;
    private final Duration presignedUrlTtl;
    private final long maxRequestBytes;
    private final BoundedParallel parallel;
    private final Metrics metrics;
    private final UploadRecorder recorder;
    private final UploadPlanner planner;

    public UploadService(
            InputsClient inputs,
            Ledger ledger,
            ObjectStore store,
            StaleInputs staleInputs,
            Options options,
            Metrics metrics,
            Clock clock) {
        this.inputs = inputs;
        this.store = store;
        this.imageSource = options.imageSource();
        this.presignedUrlTtl = options.presignedUrlTtl();
        this.maxRequestBytes = Math.min(options.maxRequestBytes(), InputsClient.MAX_REQUEST_BYTES - 1);
        this.parallel = new BoundedParallel(options.parallelism());
        this.metrics = metrics;
        this.recorder = new UploadRecorder(inputs, ledger, staleInputs, metrics, clock);
        this.planner = new UploadPlanner(ledger, store, options.labelRules(), recorder, metrics, clock);
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
            Log.info(
                    "upload.received",
                    "messageId",
                    message.messageId(),
                    "bucket",
                    version.bucket(),
                    "key",
                    version.key(),
                    "inputId",
                    version.inputId(),
                    "receiveCount",
                    message.receiveCount());
            // SQS delivers at least once: the same object version may sit twice in one batch.
            versionOf.put(message.messageId(), version);
            distinct.putIfAbsent(version.inputId(), version);
            redelivered.merge(version.inputId(), message.redelivered(), Boolean::logicalOr);
        }
        Map<String, Outcome> byInput = new HashMap<>();
        List<Candidate> candidates = new ArrayList<>();
        Map<String, StaleInputs.Retirement> retire = new ConcurrentHashMap<>();
        List<UploadPlan> plans = parallel.map(
                List.copyOf(distinct.values()),
                version -> planner.plan(version, redelivered.get(version.inputId()), deadline, retire));
        for (UploadPlan plan : plans) {
            switch (plan) {
                case Settled settled -> byInput.put(settled.version().inputId(), settled.outcome());
                case Candidate candidate -> candidates.add(candidate);
            }
        }
        for (List<Candidate> request : requests(candidates)) {
            byInput.putAll(send(request, deadline, retire));
        }
        recorder.retireOlderVersions(retire, byInput, deadline);
        List<MessageOutcome> result = new ArrayList<>(messages.size());
        for (SqsMessage message : messages) {
            ObjectVersion version = versionOf.get(message.messageId());
            Outcome outcome = version == null ? outcomes.get(message.messageId()) : byInput.get(version.inputId());
            result.add(new MessageOutcome(message, outcome));
        }
        return result;
    }

    private Optional<ObjectVersion> parse(SqsMessage message) {
        try {
            ObjectVersion version = Json.MAPPER.readValue(message.body(), ObjectVersion.class);
            return Optional.of(ObjectVersion.of(
                    version.bucket(),
                    version.key(),
                    version.size(),
                    version.eTag(),
                    version.versionId(),
                    version.sequencer(),
                    version.eventTime()));
        } catch (Exception malformed) {
            Log.error(
                    "upload.poison-message",
                    "messageId",
                    message.messageId(),
                    "error",
                    malformed.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    // ---- send ------------------------------------------------------------------------------------------------

    /** Groups candidates into add requests: one for URLs; for base64, as many as keep each under the size cap. */
    private List<List<Candidate>> requests(List<Candidate> candidates) {
        List<List<Candidate>> requests = new ArrayList<>();
        List<Candidate> current = new ArrayList<>();
        long bytes = 0;
        for (Candidate candidate : candidates) {
            long size =
                    imageSource == ImageSource.BASE64 ? 4 * (candidate.object().size() + 2) / 3 + 4096 : 4096;
            if (!current.isEmpty()
                    && (bytes + size > maxRequestBytes || current.size() == InputsClient.MAX_INPUTS_PER_ADD)) {
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
    private Map<String, Outcome> send(
            List<Candidate> request, Deadline deadline, Map<String, StaleInputs.Retirement> retire) {
        AddInputsResult result;
        metrics.increment(Metric.ADD_REQUESTS);
        metrics.record(Metric.INPUTS_PER_ADD, request.size());
        try {
            result = inputs.addInputs(parallel.map(request, this::newInput), deadline);
        } catch (InputsApiException e) {
            if (e.failure() == Classifier.RequestFailure.TOO_LARGE && request.size() > 1) {
                Log.warn("upload.add-split", "inputs", request.size(), "code", e.code());
                Map<String, Outcome> halves =
                        new HashMap<>(send(request.subList(0, request.size() / 2), deadline, retire));
                halves.putAll(send(request.subList(request.size() / 2, request.size()), deadline, retire));
                return halves;
            }
            Log.warn(
                    "upload.add-failed",
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
            return everyVersion(request, Outcome.retry("add failed: " + e.getMessage()));
        } catch (RuntimeException e) {
            Log.error("upload.add-failed", "inputs", request.size(), "error", e.toString());
            return everyVersion(request, Outcome.retry("add failed: " + e));
        }
        List<Outcome> recorded = parallel.map(
                result.outcomes(), outcome -> recorder.record(request.get(outcome.index()), outcome, deadline, retire));
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
                ? NewInput.fromBytes(
                        version.inputId(),
                        store.read(
                                version.bucket(),
                                version.key(),
                                version.versionId(),
                                candidate.object().eTag(),
                                InputsClient.MAX_IMAGE_BYTES - 1))
                : NewInput.fromUrl(
                        version.inputId(),
                        store.presignedGetUrl(version.bucket(), version.key(), version.versionId(), presignedUrlTtl));
        // Presigned URLs differ per signature, so Clarifai's duplicate-URL check is no use here; ids dedupe instead.
        return input.withAllowDuplicateUrl(true)
                .withMetadata(InputMetadata.of(version, candidate.object()))
                .withConcepts(candidate.labels().concepts());
    }
}

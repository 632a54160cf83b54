package io.github.clarifais3sync.upload;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.config.Settings.ImageSource;
import io.github.clarifais3sync.inputs.AddInputsResult;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.inputs.InputOutcome;
import io.github.clarifais3sync.inputs.InputsApiException;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.inputs.NewInput;
import io.github.clarifais3sync.inputs.StatusCodes;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.ledger.LedgerEntry;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.model.Sequencers;
import io.github.clarifais3sync.storage.ObjectStore;
import io.github.clarifais3sync.storage.StoredObject;
import io.github.clarifais3sync.sync.StaleInputs;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Posts a batch of queued object versions to Clarifai in one add-inputs call (several in base64 mode, split so that
 * no request reaches the size limit) and says which messages must come back.
 *
 * <ul>
 *   <li>Retryable per-input failures and whole-request failures come back (SQS redelivers them; after
 *       {@code maxReceiveCount} they reach the DLQ).</li>
 *   <li>Permanent per-input failures are recorded in the ledger and not retried.</li>
 *   <li>A duplicate id means already uploaded: ids are derived from the object version.</li>
 *   <li>Versions deleted or overwritten since they were queued are skipped.</li>
 *   <li>Malformed message bodies come back too, so they end in the DLQ for inspection.</li>
 * </ul>
 */
public final class UploadService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One SQS message: its id and body. */
    public record Message(String messageId, String body) {
    }

    private final InputsClient inputs;
    private final Ledger ledger;
    private final ObjectStore store;
    private final StaleInputs staleInputs;
    private final ImageSource imageSource;
    private final Duration presignedUrlTtl;
    private final long maxRequestBytes;
    private final BoundedParallel parallel;
    private final Clock clock;

    /**
     * @param parallelism how many objects' network steps (ledger, S3 HEAD, bytes) run at once; 1 = one by one
     */
    public UploadService(InputsClient inputs, Ledger ledger, ObjectStore store, StaleInputs staleInputs,
                         ImageSource imageSource, Duration presignedUrlTtl, long maxRequestBytes, int parallelism,
                         Clock clock) {
        this.inputs = inputs;
        this.ledger = ledger;
        this.store = store;
        this.staleInputs = staleInputs;
        this.imageSource = imageSource;
        this.presignedUrlTtl = presignedUrlTtl;
        this.maxRequestBytes = Math.min(maxRequestBytes, InputsClient.MAX_REQUEST_BYTES - 1);
        this.parallel = new BoundedParallel(parallelism);
        this.clock = clock;
    }

    /** Uploads the batch; returns the ids of the messages that must be delivered again. */
    public List<String> upload(List<Message> messages, Deadline deadline) {
        Set<String> retry = new LinkedHashSet<>();
        Map<String, ObjectVersion> versions = new LinkedHashMap<>();
        Map<String, List<String>> messagesOf = new LinkedHashMap<>();
        for (Message message : messages) {
            Optional<ObjectVersion> parsed = parse(message);
            if (parsed.isEmpty()) {
                retry.add(message.messageId());
                continue;
            }
            ObjectVersion version = parsed.get();
            Log.info("upload.received", "messageId", message.messageId(), "bucket", version.bucket(), "key",
                    version.key(), "inputId", version.inputId());
            // SQS delivers at least once: the same object version may sit twice in one batch.
            versions.putIfAbsent(version.inputId(), version);
            messagesOf.computeIfAbsent(version.inputId(), id -> new ArrayList<>()).add(message.messageId());
        }
        List<Candidate> candidates = new ArrayList<>();
        List<ObjectVersion> distinct = List.copyOf(versions.values());
        List<Prepared> prepared = parallel.map(distinct, version -> prepareSafely(version, deadline));
        for (int i = 0; i < distinct.size(); i++) {
            if (prepared.get(i).failed()) {
                retry.addAll(messagesOf.get(distinct.get(i).inputId()));
            } else {
                prepared.get(i).candidate().ifPresent(candidates::add);
            }
        }
        for (List<Candidate> request : requests(candidates)) {
            for (ObjectVersion failed : post(request, deadline)) {
                retry.addAll(messagesOf.get(failed.inputId()));
            }
        }
        return List.copyOf(retry);
    }

    private record Candidate(ObjectVersion version, StoredObject object) {
    }

    private record Prepared(Optional<Candidate> candidate, boolean failed) {
    }

    private Prepared prepareSafely(ObjectVersion version, Deadline deadline) {
        try {
            return new Prepared(prepare(version, deadline), false);
        } catch (RuntimeException e) {
            Log.warn("upload.prepare-failed", "bucket", version.bucket(), "key", version.key(), "inputId",
                    version.inputId(), "error", e.toString());
            return new Prepared(Optional.empty(), true);
        }
    }

    private Optional<ObjectVersion> parse(Message message) {
        try {
            ObjectVersion version = JSON.readValue(message.body(), ObjectVersion.class);
            return Optional.of(ObjectVersion.of(version.bucket(), version.key(), version.size(), version.eTag(),
                    version.versionId(), version.sequencer(), version.eventTime()));
        } catch (IOException | RuntimeException malformed) {
            Log.error("upload.poison-message", "messageId", message.messageId(), "error",
                    malformed.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** Decides whether a version still needs posting; records why not when it does not. */
    private Optional<Candidate> prepare(ObjectVersion version, Deadline deadline) {
        Optional<LedgerEntry> entry = ledger.find(version.bucket(), version.key(), version.inputId());
        if (entry.isPresent()) {
            switch (entry.get().state()) {
                case POSTED, PROCESSING, INDEXED, FAILED -> {
                    // A redelivery: finish what the first delivery may not have, retiring the older versions.
                    retireOlder(version, deadline);
                    log("upload.already-handled", version, entry.get().state().wireName());
                    return Optional.empty();
                }
                case DELETED -> {
                    // A redelivery after a racing delete: make sure no input of this version survived.
                    inputs.deleteInput(version.inputId(), deadline);
                    log("upload.skipped", version, entry.get().state().wireName());
                    return Optional.empty();
                }
                default -> {
                }
            }
        }
        Optional<Ledger.KeyHead> head = ledger.head(version.bucket(), version.key());
        if (head.isPresent() && Sequencers.compare(head.get().sequencer(), version.sequencer()) > 0) {
            String reason = head.get().removed() ? "object removed before upload" : "overwritten before upload";
            ledger.markDeleted(version.bucket(), version.key(), version.inputId(), reason, clock.instant());
            log("upload.skipped", version, reason);
            return Optional.empty();
        }
        Optional<StoredObject> object = store.head(version.bucket(), version.key(), version.versionId());
        if (object.isEmpty()) {
            ledger.markDeleted(version.bucket(), version.key(), version.inputId(), "object no longer in the bucket",
                    clock.instant());
            log("upload.skipped", version, "object no longer in the bucket");
            return Optional.empty();
        }
        // A different eTag in an unversioned bucket means the key was overwritten since this event. A newer event is
        // on its way unless S3 coalesced the two writes into one notification (it may), so upload what is there now:
        // if the newer event comes, it replaces this input; if not, this is the only chance to sync the object.
        if (object.get().size() == 0) {
            refuse(version, StatusCodes.ZERO, "zero-byte object", deadline);
            return Optional.empty();
        }
        if (object.get().size() >= InputsClient.MAX_IMAGE_BYTES) {
            refuse(version, StatusCodes.INPUT_OVER_LIMIT, "object is " + object.get().size()
                    + " bytes; Clarifai takes images under " + InputsClient.MAX_IMAGE_BYTES + " bytes", deadline);
            return Optional.empty();
        }
        return Optional.of(new Candidate(version, object.get()));
    }

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

    /** Posts one request; returns the versions whose messages must come back. */
    private List<ObjectVersion> post(List<Candidate> request, Deadline deadline) {
        List<ObjectVersion> versions = request.stream().map(Candidate::version).toList();
        AddInputsResult result;
        try {
            result = inputs.addInputs(parallel.map(request, this::newInput), deadline);
        } catch (InputsApiException e) {
            if (e.code() == StatusCodes.RPC_MAX_MESSAGE_SIZE_EXCEEDED && request.size() > 1) {
                // The service found the whole request too large (inputs-api.md §4): send it again in two halves.
                Log.warn("upload.add-split", "inputs", request.size(), "code", e.code());
                List<ObjectVersion> again = new ArrayList<>(post(request.subList(0, request.size() / 2), deadline));
                again.addAll(post(request.subList(request.size() / 2, request.size()), deadline));
                return again;
            }
            Log.warn("upload.add-failed", "inputs", request.size(), "httpStatus", e.httpStatus(), "code", e.code(),
                    "retryable", e.retryable(), "error", e.getMessage());
            return versions;
        } catch (RuntimeException e) {
            Log.error("upload.add-failed", "inputs", request.size(), "error", e.toString());
            return versions;
        }
        List<Boolean> done = parallel.map(result.outcomes(), outcome -> record(versions.get(outcome.index()), outcome,
                deadline));
        List<ObjectVersion> again = new ArrayList<>();
        for (int i = 0; i < done.size(); i++) {
            if (!done.get(i)) {
                again.add(versions.get(result.outcomes().get(i).index()));
            }
        }
        return again;
    }

    /** Records one input's outcome; returns false when its message must come back. */
    private boolean record(ObjectVersion version, InputOutcome outcome, Deadline deadline) {
        return switch (outcome.kind()) {
            case ACCEPTED, DUPLICATE_ID -> accepted(version, outcome, deadline);
            case PERMANENT_FAILURE -> refused(version, outcome, deadline);
            case RETRYABLE_FAILURE -> {
                Log.warn("upload.input-retry", "bucket", version.bucket(), "key", version.key(), "inputId",
                        version.inputId(), "code", outcome.status().code(), "description",
                        outcome.status().summary());
                yield false;
            }
        };
    }

    /**
     * Records a refused input; returns false when its message must come back. Every add sends
     * {@code allow_duplicate_url}, so a 30100 "duplicate" can only be this id already in the app (which code the API
     * uses for a duplicate id is not documented, inputs-api.md §8): it is confirmed with a GET and counted as posted.
     */
    private boolean refused(ObjectVersion version, InputOutcome outcome, Deadline deadline) {
        try {
            if (outcome.status().code() == StatusCodes.INPUT_DUPLICATE
                    && inputs.getInput(version.inputId(), deadline).isPresent()) {
                return accepted(version, outcome, deadline);
            }
            refuse(version, outcome.status().code(), outcome.status().summary(), deadline);
            return true;
        } catch (RuntimeException e) {
            Log.warn("upload.after-refusal-failed", "bucket", version.bucket(), "key", version.key(), "inputId",
                    version.inputId(), "error", e.toString());
            return false;
        }
    }

    /**
     * Records a version that will not become an input. It still replaced the key's older versions in S3, so their
     * inputs go: the app must not keep showing an image the bucket no longer holds.
     */
    private void refuse(ObjectVersion version, int code, String reason, Deadline deadline) {
        ledger.markFailed(version, code, reason, clock.instant());
        Log.warn("upload.input-refused", "bucket", version.bucket(), "key", version.key(), "inputId",
                version.inputId(), "code", code, "description", reason);
        retireOlder(version, deadline);
    }

    /** Records an accepted input; returns false when its message must come back (a follow-up delete failed). */
    private boolean accepted(ObjectVersion version, InputOutcome outcome, Deadline deadline) {
        try {
            if (!ledger.markPosted(version, clock.instant())) {
                // The object was removed while this add was in flight: the delete saw no input yet, so remove it here.
                inputs.deleteInput(version.inputId(), deadline);
                log("upload.removed-after-racing-delete", version, "deleted while posting");
                return true;
            }
            Log.info("upload.posted", "bucket", version.bucket(), "key", version.key(), "inputId", version.inputId(),
                    "duplicate", outcome.kind() == InputOutcome.Kind.DUPLICATE_ID);
            retireOlder(version, deadline);
            return true;
        } catch (RuntimeException e) {
            Log.warn("upload.after-post-failed", "bucket", version.bucket(), "key", version.key(), "inputId",
                    version.inputId(), "error", e.toString());
            return false;
        }
    }

    /** An overwrite replaces the object's input: older versions' inputs go once the new one is accepted. */
    private void retireOlder(ObjectVersion version, Deadline deadline) {
        staleInputs.retireOlderThan(version.bucket(), version.key(), version.sequencer(),
                "replaced by a newer version (input " + version.inputId() + ")", deadline);
    }

    private NewInput newInput(Candidate candidate) {
        ObjectVersion version = candidate.version();
        NewInput input = imageSource == ImageSource.BASE64
                ? NewInput.fromBytes(version.inputId(), store.read(version.bucket(), version.key(), version.versionId()))
                : NewInput.fromUrl(version.inputId(), store.presignedGetUrl(version.bucket(), version.key(),
                        version.versionId(), presignedUrlTtl));
        // Presigned URLs differ per signature, so Clarifai's duplicate-URL check is no use here; ids dedupe instead.
        return input.withAllowDuplicateUrl(true).withMetadata(metadata(version, candidate.object()));
    }

    private static ObjectNode metadata(ObjectVersion version, StoredObject object) {
        ObjectNode metadata = NODES.objectNode()
                .put("s3_bucket", version.bucket())
                .put("s3_key", version.key())
                .put("etag", object.eTag())
                .put("size", object.size())
                .put("content_type", object.contentType() == null ? "" : object.contentType());
        if (version.versionId() != null) {
            metadata.put("version_id", version.versionId());
        }
        ObjectNode user = metadata.putObject("user_metadata");
        object.userMetadata().forEach(user::put);
        return metadata;
    }

    private static void log(String event, ObjectVersion version, String reason) {
        Log.info(event, "bucket", version.bucket(), "key", version.key(), "inputId", version.inputId(), "reason",
                reason);
    }
}

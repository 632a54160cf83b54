package io.github.clarifais3sync.local.inputsapi;

import static io.github.clarifais3sync.local.inputsapi.RequestParsing.badFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The Inputs operations of https://docs.clarifai.com/create-manage/inputs/upload on in-memory apps. */
final class InputsService {
    /** "you are limited to sending 128 inputs at a time" (seeds; docs/clarifai-api-notes.md#limits). */
    static final int MAX_INPUTS_PER_REQUEST = 128;

    static final int DEFAULT_PER_PAGE = 128;
    static final int MAX_PER_PAGE = 1000;
    static final int DEFAULT_STREAM_PER_PAGE = 20;
    static final int MAX_ID_LENGTH = 48;
    /** Clarifai's id validator, docs/clarifai-api-notes.md#limits. */
    static final Pattern VALID_ID = Pattern.compile("[0-9A-Za-z]+([-_][0-9A-Za-z]+)*");

    static final String DUPLICATE_ID_DETAILS = "Input has a duplicate ID.";
    static final String DUPLICATE_URL_DETAILS =
            "Duplicate URL in your application. Check the documentation to allow duplications";

    private static final Set<String> POST_FIELDS =
            Set.of("user_app_id", "inputs", "inputs_add_job_id", "input_id_conflict_resolution");
    private static final Set<String> PATCH_FIELDS = Set.of("user_app_id", "inputs", "action");
    private static final Set<String> DELETE_FIELDS = Set.of("user_app_id", "ids");
    private static final Set<String> DELETE_FIELDS_WITH_DELETE_ALL = Set.of("user_app_id", "ids", "delete_all");
    private static final int SUFFIX_ATTEMPTS = 9;

    private final InstantSource clock;
    private final FaultInjector faults;
    private final InputProcessor processor;
    private final boolean deleteAllHonoured;
    private final Map<String, AppInputs> apps = new ConcurrentHashMap<>();

    /** A successful or partly successful answer: the top-level code and the fields after {@code status}. */
    record Reply(StatusCode code, ObjectNode payload) {
        static Reply ok(ObjectNode payload) {
            return new Reply(StatusCode.SUCCESS, payload);
        }
    }

    /** A parsed input of an add request, before validation against the app. */
    private record Candidate(
            JsonNode source,
            String id,
            String url,
            byte[] bytes,
            boolean allowDuplicateUrl,
            LinkedHashMap<String, Concept> concepts,
            ObjectNode metadata,
            List<String> datasetIds) {}

    InputsService(InstantSource clock, FaultInjector faults, InputProcessor processor, boolean deleteAllHonoured) {
        this.clock = clock;
        this.faults = faults;
        this.processor = processor;
        this.deleteAllHonoured = deleteAllHonoured;
    }

    AppInputs app(String userId, String appId) {
        return apps.computeIfAbsent(userId + "/" + appId, key -> new AppInputs(userId, appId));
    }

    void reset() {
        apps.values().forEach(app -> {
            synchronized (app) {
                app.clear();
            }
        });
    }

    // PostInputs, https://docs.clarifai.com/create-manage/inputs/upload.
    Reply add(AppInputs app, JsonNode body) {
        RequestParsing.requireKnownFields(body, "clarifai.api.PostInputsRequest", POST_FIELDS);
        List<JsonNode> sources = RequestParsing.list(body, "inputs");
        requireBatchSize(sources.size());
        boolean suffixOnConflict = suffixOnConflict(body.get("input_id_conflict_resolution"));
        String jobId = RequestParsing.text(body, "inputs_add_job_id");
        List<Candidate> candidates = new ArrayList<>();
        for (JsonNode source : sources) {
            candidates.add(candidate(source));
        }
        ArrayNode inputs = ProtoJson.MAPPER.createArrayNode();
        List<StoredInput> accepted = new ArrayList<>();
        int failed = 0;
        synchronized (app) {
            Instant now = clock.instant();
            Set<String> urlsInRequest = new HashSet<>();
            Set<String> idsInRequest = new HashSet<>();
            AppInputs.AddJob job = jobId.isEmpty() ? null : app.addJobFor(jobId, now);
            for (int position = 0; position < candidates.size(); position++) {
                Candidate candidate = candidates.get(position);
                String id = candidate.id().isEmpty() ? newId() : candidate.id();
                boolean repeatedInRequest = !candidate.id().isEmpty() && !idsInRequest.add(candidate.id());
                // SUFFIX renames ids taken in the app; the same id twice in one request stays an error
                // (https://docs.clarifai.com/create-manage/inputs/upload).
                if (suffixOnConflict && !repeatedInRequest && app.get(id) != null) {
                    id = freeSuffixedId(app, id);
                }
                ObjectNode failure = refusal(app, candidate, id, urlsInRequest, position);
                if (failure != null) {
                    inputs.add(failure);
                    failed++;
                    continue;
                }
                StoredInput input = new StoredInput(
                        id,
                        app.nextSequence(),
                        now,
                        candidate.url(),
                        candidate.bytes(),
                        candidate.concepts(),
                        candidate.metadata(),
                        candidate.datasetIds());
                app.add(input);
                accepted.add(input);
                if (candidate.url() != null) {
                    urlsInRequest.add(candidate.url());
                }
                inputs.add(ProtoJson.input(input, app.appId, null));
            }
            if (job != null) {
                job.inputs.addAll(accepted);
                job.refused += failed;
                job.modifiedAt = now;
            }
        }
        accepted.forEach(input -> processor.process(app, input));
        ObjectNode payload = ProtoJson.MAPPER.createObjectNode();
        payload.set("inputs", inputs);
        if (!jobId.isEmpty()) {
            payload.putObject("inputs_add_job").put("id", jobId);
        }
        return new Reply(aggregate(failed, candidates.size()), payload);
    }

    private Candidate candidate(JsonNode source) {
        if (!source.isObject()) {
            throw badFormat("field \"inputs\" must be a list of objects");
        }
        JsonNode data = RequestParsing.object(source, "data");
        JsonNode image = RequestParsing.object(data, "image");
        String url = RequestParsing.text(image, "url");
        String base64 = RequestParsing.text(image, "base64");
        byte[] bytes = base64.isEmpty() ? null : RequestParsing.base64(base64);
        return new Candidate(
                source,
                RequestParsing.text(source, "id"),
                url.isEmpty() ? null : url,
                bytes,
                RequestParsing.bool(image, "allow_duplicate_url"),
                RequestParsing.concepts(data),
                RequestParsing.metadata(data),
                RequestParsing.texts(source, "dataset_ids"));
    }

    /** Why the app refuses this input at once, as the input's entry in the response; {@code null} to accept it. */
    private ObjectNode refusal(AppInputs app, Candidate candidate, String id, Set<String> urlsInRequest, int position) {
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return failedInput(
                    app,
                    candidate,
                    id,
                    StatusCode.INPUT_INVALID_REQUEST,
                    "id must be between 1 and " + MAX_ID_LENGTH + " characters long");
        }
        if (!VALID_ID.matcher(id).matches()) {
            return failedInput(
                    app,
                    candidate,
                    id,
                    StatusCode.INPUT_INVALID_REQUEST,
                    "id must contain only letters and digits, separated by single '-' or '_' characters");
        }
        if ((candidate.url() == null) == (candidate.bytes() == null)) {
            return failedInput(
                    app,
                    candidate,
                    id,
                    StatusCode.INPUT_INVALID_ARGUMENT,
                    "an input needs exactly one of data.image.url and data.image.base64");
        }
        if (candidate.url() != null && !isFetchableUrl(candidate.url())) {
            return failedInput(
                    app,
                    candidate,
                    id,
                    StatusCode.INPUT_INVALID_URL,
                    "not an absolute http or https URL: " + candidate.url());
        }
        if (app.get(id) != null) {
            return failedInput(app, candidate, id, StatusCode.DATABASE_DUPLICATE_KEY, DUPLICATE_ID_DETAILS);
        }
        if (candidate.url() != null
                && !candidate.allowDuplicateUrl()
                && (app.hasUrl(candidate.url()) || urlsInRequest.contains(candidate.url()))) {
            return failedInput(app, candidate, id, StatusCode.INPUT_DUPLICATE, DUPLICATE_URL_DETAILS);
        }
        OptionalInt injected = faults.inputFailure(position);
        if (injected.isPresent()) {
            int code = injected.getAsInt();
            ObjectNode json = failedInput(app, candidate, id, null, null);
            json.set("status", ProtoJson.status(code, StatusCode.describe(code), "Injected fault"));
            return json;
        }
        return null;
    }

    private ObjectNode failedInput(AppInputs app, Candidate candidate, String id, StatusCode code, String details) {
        ObjectNode json = ProtoJson.MAPPER.createObjectNode();
        if (!candidate.id().isEmpty()) {
            json.put("id", id);
        }
        ObjectNode image = ProtoJson.MAPPER.createObjectNode();
        if (candidate.url() != null) {
            image.put("url", candidate.url());
        }
        json.set("data", ProtoJson.data(image, candidate.concepts().values(), candidate.metadata(), app.appId));
        if (code != null) {
            json.set("status", ProtoJson.status(code, details));
        }
        return json;
    }

    private static boolean isFetchableUrl(String url) {
        try {
            URI uri = new URI(url);
            return uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * {@code SUFFIX} tries {@code -1} to {@code -9}, then a random suffix
     * (https://docs.clarifai.com/create-manage/inputs/upload).
     */
    private static String freeSuffixedId(AppInputs app, String id) {
        for (int suffix = 1; suffix <= SUFFIX_ATTEMPTS; suffix++) {
            if (app.get(id + "-" + suffix) == null) {
                return id + "-" + suffix;
            }
        }
        return id + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static boolean suffixOnConflict(JsonNode value) {
        if (value == null || value.isNull()) {
            return false;
        }
        String text = value.asText();
        return switch (text) {
            case "INPUT_ID_CONFLICT_RESOLUTION_NOT_SET", "SKIP", "0", "1" -> false;
            case "SUFFIX", "2" -> true;
            default -> throw badFormat("invalid value for enum input_id_conflict_resolution: " + text);
        };
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static void requireBatchSize(int size) {
        if (size == 0) {
            throw new ApiException(StatusCode.INPUT_INVALID_REQUEST, "at least one input is required");
        }
        if (size > MAX_INPUTS_PER_REQUEST) {
            throw new ApiException(
                    StatusCode.INPUT_INVALID_REQUEST,
                    "the request has " + size + " inputs; at most " + MAX_INPUTS_PER_REQUEST
                            + " inputs can be sent at a time");
        }
    }

    /**
     * 10000 when every item succeeded, 10020 when none did, 10010 otherwise
     * (https://docs.clarifai.com/create-manage/inputs/upload, docs/clarifai-api-notes.md#codes).
     */
    private static StatusCode aggregate(int failed, int total) {
        if (failed == 0) {
            return StatusCode.SUCCESS;
        }
        return failed == total ? StatusCode.FAILURE : StatusCode.MIXED_STATUS;
    }

    // ListInputs, https://docs.clarifai.com/resources/api-overview/pagination: newest first, filters on ids and
    // status.code.
    Reply list(AppInputs app, QueryParameters query) {
        int page = Math.max(1, query.integer("page", 1));
        int perPage = Math.min(MAX_PER_PAGE, Math.max(1, query.integer("per_page", DEFAULT_PER_PAGE)));
        Set<String> ids = new HashSet<>(query.all("ids"));
        StatusCode statusFilter = query.first("status.code")
                .map(text -> StatusCode.parse(text)
                        .orElseThrow(() -> badFormat("invalid value for enum status.code: " + text)))
                .orElse(null);
        ArrayNode inputs = ProtoJson.MAPPER.createArrayNode();
        synchronized (app) {
            List<StoredInput> all = app.all();
            all.sort(Comparator.comparingLong((StoredInput input) -> input.sequence)
                    .reversed());
            all.stream()
                    .filter(input -> ids.isEmpty() || ids.contains(input.id))
                    .filter(input -> statusFilter == null || input.status == statusFilter)
                    .skip((long) (page - 1) * perPage)
                    .limit(perPage)
                    .forEach(input -> inputs.add(ProtoJson.input(input, app.appId, null)));
        }
        return Reply.ok(withInputs(inputs));
    }

    // StreamInputs, https://docs.clarifai.com/resources/api-overview/pagination: oldest first unless descending, keyset
    // on last_id (exclusive).
    Reply stream(AppInputs app, QueryParameters query) {
        int perPage = Math.min(MAX_PER_PAGE, Math.max(1, query.integer("per_page", DEFAULT_STREAM_PER_PAGE)));
        boolean descending = query.bool("descending");
        boolean orderById = query.bool("order_by_id");
        String lastId = query.first("last_id").orElse("");
        ArrayNode inputs = ProtoJson.MAPPER.createArrayNode();
        synchronized (app) {
            Comparator<StoredInput> order = orderById
                    ? Comparator.comparing((StoredInput input) -> input.id)
                    : Comparator.comparingLong((StoredInput input) -> input.sequence);
            if (descending) {
                order = order.reversed();
            }
            List<StoredInput> all = app.all();
            all.sort(order);
            int start = 0;
            if (!lastId.isEmpty()) {
                start = startAfter(app, all, lastId, orderById, descending);
            }
            all.subList(Math.min(start, all.size()), Math.min(all.size(), start + perPage))
                    .forEach(input -> inputs.add(ProtoJson.input(input, app.appId, null)));
        }
        return Reply.ok(withInputs(inputs));
    }

    private static int startAfter(
            AppInputs app, List<StoredInput> ordered, String lastId, boolean orderById, boolean descending) {
        Long lastSequence = app.sequenceOf(lastId);
        if (!orderById && lastSequence == null) {
            throw new ApiException(
                    StatusCode.CONN_DOES_NOT_EXIST, "last_id " + lastId + " is not an input of this app");
        }
        int index = 0;
        for (StoredInput input : ordered) {
            int comparison = orderById ? input.id.compareTo(lastId) : Long.compare(input.sequence, lastSequence);
            if (descending ? comparison < 0 : comparison > 0) {
                return index;
            }
            index++;
        }
        return index;
    }

    /** Every input of the app in ListInputs' JSON, oldest first. */
    List<JsonNode> snapshot(String userId, String appId) {
        AppInputs app = app(userId, appId);
        List<JsonNode> inputs = new ArrayList<>();
        synchronized (app) {
            app.all().forEach(input -> inputs.add(ProtoJson.input(input, app.appId, null)));
        }
        return inputs;
    }

    /** Inputs of the app pending, in progress or being deleted. */
    int busy(String userId, String appId) {
        AppInputs app = app(userId, appId);
        synchronized (app) {
            return (int) app.all().stream()
                    .filter(input -> input.deletePending
                            || input.status == StatusCode.INPUT_PENDING
                            || input.status == StatusCode.INPUT_IN_PROGRESS)
                    .count();
        }
    }

    // GetInput, docs/clarifai-api-notes.md#deletes: unknown or deleted is 404 with 11101.
    Reply get(AppInputs app, String id) {
        synchronized (app) {
            StoredInput input = app.get(id);
            if (input == null) {
                throw notFound(id);
            }
            ObjectNode payload = ProtoJson.MAPPER.createObjectNode();
            payload.set("input", ProtoJson.input(input, app.appId, null));
            return Reply.ok(payload);
        }
    }

    // GetInputCount, https://docs.clarifai.com/create-manage/inputs/upload: every counter always present.
    Reply counts(AppInputs app) {
        int processed = 0;
        int toProcess = 0;
        int processing = 0;
        int errors = 0;
        synchronized (app) {
            for (StoredInput input : app.all()) {
                switch (input.status) {
                    case INPUT_SUCCESS -> processed++;
                    case INPUT_PENDING -> toProcess++;
                    case INPUT_IN_PROGRESS -> processing++;
                    default -> errors++;
                }
            }
        }
        ObjectNode payload = ProtoJson.MAPPER.createObjectNode();
        payload.putObject("counts")
                .put("processed", processed)
                .put("to_process", toProcess)
                .put("errors", errors)
                .put("processing", processing)
                .put("reindexed", 0)
                .put("to_reindex", 0)
                .put("reindex_errors", 0)
                .put("reindexing", 0);
        return Reply.ok(payload);
    }

    // PatchInputs, https://docs.clarifai.com/api-guide/advanced-topics/patching.
    Reply patch(AppInputs app, JsonNode body) {
        RequestParsing.requireKnownFields(body, "clarifai.api.PatchInputsRequest", PATCH_FIELDS);
        String action = RequestParsing.text(body, "action");
        if (!Set.of("merge", "remove", "overwrite").contains(action)) {
            throw new ApiException(
                    StatusCode.INPUT_INVALID_REQUEST,
                    "action must be one of merge, remove or overwrite, not \"" + action + "\"");
        }
        List<JsonNode> sources = RequestParsing.list(body, "inputs");
        requireBatchSize(sources.size());
        for (JsonNode source : sources) {
            if (!source.isObject()) {
                throw badFormat("field \"inputs\" must be a list of objects");
            }
            JsonNode data = RequestParsing.object(source, "data");
            RequestParsing.concepts(data);
            RequestParsing.metadata(data);
        }
        ArrayNode inputs = ProtoJson.MAPPER.createArrayNode();
        int failed = 0;
        synchronized (app) {
            Instant now = clock.instant();
            for (JsonNode source : sources) {
                String id = RequestParsing.text(source, "id");
                StoredInput input = app.live(id);
                if (input == null) {
                    ObjectNode json = ProtoJson.MAPPER.createObjectNode();
                    if (!id.isEmpty()) {
                        json.put("id", id);
                    }
                    json.set(
                            "status",
                            ProtoJson.status(
                                    StatusCode.INPUT_DOES_NOT_EXIST,
                                    id.isEmpty() ? "input id is required" : "input " + id + " does not exist"));
                    inputs.add(json);
                    failed++;
                    continue;
                }
                JsonNode data = RequestParsing.object(source, "data");
                applyPatch(input, action, RequestParsing.concepts(data), RequestParsing.metadata(data));
                input.modifiedAt = now;
                inputs.add(ProtoJson.input(input, app.appId, StatusCode.INPUT_MODIFY_SUCCESS));
            }
        }
        return new Reply(aggregate(failed, sources.size()), withInputs(inputs));
    }

    private static void applyPatch(
            StoredInput input, String action, LinkedHashMap<String, Concept> concepts, ObjectNode metadata) {
        switch (action) {
            case "merge" -> {
                input.concepts.putAll(concepts);
                if (metadata != null) {
                    DataPatch.merge(input.metadata, metadata);
                }
            }
            case "remove" -> {
                concepts.keySet().forEach(input.concepts::remove);
                if (metadata != null) {
                    DataPatch.remove(input.metadata, metadata);
                }
            }
            default -> {
                input.concepts = concepts;
                input.metadata = metadata == null ? ProtoJson.MAPPER.createObjectNode() : metadata;
            }
        }
    }

    // DeleteInput, docs/clarifai-api-notes.md#deletes: asynchronous; the input goes away after the delete delay.
    Reply deleteOne(AppInputs app, String id) {
        synchronized (app) {
            StoredInput input = app.get(id);
            if (input == null) {
                throw notFound(id);
            }
            scheduleDelete(app, List.of(input));
        }
        return Reply.ok(ProtoJson.MAPPER.createObjectNode());
    }

    /*
     * DeleteInputs, docs/clarifai-api-notes.md#deletes; delete_all was removed from the real API in 2021. Clarifai's
     * Inputs guide ("Delete A List Of Inputs") does not say what a batch
     * naming an id the app no longer has does. This API gives the answer that loses nothing whichever way the real one
     * goes: the whole batch is refused with 404/11101 and nothing is deleted. A client that then finds which ids remain
     * and sends those again removes every input against this answer and against a server that skips unknown ids; a
     * client that took a lenient answer for granted would leave the batch's other inputs behind here.
     */
    Reply deleteMany(AppInputs app, JsonNode body) {
        RequestParsing.requireKnownFields(
                body,
                "clarifai.api.DeleteInputsRequest",
                deleteAllHonoured ? DELETE_FIELDS_WITH_DELETE_ALL : DELETE_FIELDS);
        boolean deleteAll = deleteAllHonoured && RequestParsing.bool(body, "delete_all");
        List<String> ids = RequestParsing.texts(body, "ids");
        if (!deleteAll && ids.isEmpty()) {
            throw new ApiException(StatusCode.INPUT_INVALID_REQUEST, "ids must name at least one input");
        }
        synchronized (app) {
            List<StoredInput> doomed = new ArrayList<>();
            if (deleteAll) {
                doomed.addAll(app.all());
            } else {
                List<String> unknown = ids.stream()
                        .filter(id -> app.get(id) == null)
                        .distinct()
                        .toList();
                if (!unknown.isEmpty()) {
                    throw new ApiException(
                            StatusCode.CONN_DOES_NOT_EXIST,
                            "no input with id " + String.join(", ", unknown) + "; nothing in this request was deleted");
                }
                ids.stream().distinct().map(app::get).forEach(doomed::add);
            }
            scheduleDelete(app, doomed);
        }
        return Reply.ok(ProtoJson.MAPPER.createObjectNode());
    }

    private void scheduleDelete(AppInputs app, List<StoredInput> inputs) {
        inputs.forEach(input -> input.deletePending = true);
        processor.deleteLater(app, inputs);
    }

    // GetInputsAddJob, docs/clarifai-api-notes.md#add-jobs; uint64 counters are strings in proto3 JSON
    // (docs/clarifai-api-notes.md#json).
    Reply addJob(AppInputs app, String jobId) {
        synchronized (app) {
            AppInputs.AddJob job = app.addJob(jobId);
            if (job == null) {
                throw new ApiException(StatusCode.CONN_DOES_NOT_EXIST, "inputs add job " + jobId + " not found");
            }
            long pending = job.inputs.stream()
                    .filter(input -> input.status == StatusCode.INPUT_PENDING)
                    .count();
            long inProgress = job.inputs.stream()
                    .filter(input -> input.status == StatusCode.INPUT_IN_PROGRESS)
                    .count();
            long succeeded = job.inputs.stream()
                    .filter(input -> input.status == StatusCode.INPUT_SUCCESS)
                    .count();
            long failed = job.inputs.size() - pending - inProgress - succeeded + job.refused;
            ObjectNode payload = ProtoJson.MAPPER.createObjectNode();
            ObjectNode json = payload.putObject("inputs_add_job").put("id", job.id);
            json.putObject("progress")
                    .put("pending_count", Long.toString(pending))
                    .put("in_progress_count", Long.toString(inProgress))
                    .put("success_count", Long.toString(succeeded))
                    .put("failed_count", Long.toString(failed));
            json.put("created_at", ProtoJson.timestamp(job.createdAt));
            json.put("modified_at", ProtoJson.timestamp(job.modifiedAt));
            return Reply.ok(payload);
        }
    }

    private static ApiException notFound(String id) {
        return new ApiException(StatusCode.CONN_DOES_NOT_EXIST, "input " + id + " not found");
    }

    private static ObjectNode withInputs(ArrayNode inputs) {
        ObjectNode payload = ProtoJson.MAPPER.createObjectNode();
        payload.set("inputs", inputs);
        return payload;
    }
}

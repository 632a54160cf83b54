package io.github.clarifais3sync.inputs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * {@link InputsClient} over REST/JSON: the operations of Clarifai's v2 Inputs API
 * (https://docs.clarifai.com/create-manage/inputs/upload). Each operation says which answer it accepts; sending,
 * retrying and classifying are {@link InputsTransport}'s, {@link RetryingCaller}'s and {@link Classifier}'s.
 *
 * <p>An add that partly succeeds (207 + 10010) is never sent again whole: only the inputs that failed for a passing
 * reason go again. Build one with {@link InputsClient#builder()} and reuse it: it holds one HTTP client.
 */
final class HttpInputsClient implements InputsClient {

    /** DeleteInputs requests for one batch answered "not found" before its remaining ids go one by one. */
    private static final int NOT_FOUND_ROUNDS = 3;

    private final InputsTransport transport;
    private final RetryingCaller caller;

    HttpInputsClient(InputsTransport transport, RetryPolicy retryPolicy, AttemptListener listener) {
        this.transport = transport;
        this.caller = new RetryingCaller(transport, retryPolicy, listener);
    }

    // ---- add -------------------------------------------------------------------------------------------------

    /**
     * Adds up to 128 inputs in one request. Inputs refused for a passing reason are sent again, alone, in further
     * rounds until accepted or the deadline leaves no room, and then come back as
     * {@link InputOutcome.Kind#RETRYABLE_FAILURE}.
     */
    @Override
    public AddInputsResult addInputs(List<NewInput> inputs, Deadline deadline) {
        AddLimits.check(inputs);
        InputOutcome[] outcomes = new InputOutcome[inputs.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            pending.add(i);
        }
        for (int round = 1; ; round++) {
            List<NewInput> batch = pending.stream().map(inputs::get).toList();
            ApiResponse response = caller.call(
                    "PostInputs",
                    new InputsTransport.Request("POST", "", "", InputsJson.addRequest(batch)),
                    deadline,
                    ApiResponse::carriesInputStatuses);
            List<JsonNode> returned = matchReturnedInputs(batch, response.body().path("inputs"));
            List<Integer> again = new ArrayList<>();
            boolean throttled = false;
            for (int i = 0; i < batch.size(); i++) {
                int index = pending.get(i);
                JsonNode node = returned.get(i);
                ApiStatus status = InputsJson.status(node.path("status"));
                InputOutcome.Kind kind =
                        Classifier.ofAddedInput(response.status().code(), status.code());
                outcomes[index] = new InputOutcome(
                        index, node.path("id").asText(batch.get(i).id()), kind, status);
                if (kind == InputOutcome.Kind.RETRYABLE_FAILURE) {
                    again.add(index);
                    throttled |= Classifier.ofResponse(0, status.code()) == Classifier.RequestFailure.THROTTLED;
                }
            }
            Duration wait = caller.policy().delay(round, false);
            if (again.isEmpty()) {
                return new AddInputsResult(List.of(outcomes));
            }
            boolean retrying = caller.hasRoomAfter(wait, deadline);
            caller.listener()
                    .failedAttempt(
                            "PostInputs",
                            throttled ? Classifier.RequestFailure.THROTTLED : Classifier.RequestFailure.UNAVAILABLE,
                            retrying);
            if (!retrying) {
                return new AddInputsResult(List.of(outcomes));
            }
            RetryingCaller.sleep(wait);
            pending = again;
        }
    }

    /**
     * Per-input statuses, matched to the sent inputs by id where ids were sent, else by position. A sent id missing
     * from the response gets no status (code 0), so it is sent again rather than credited with another's outcome.
     */
    private static List<JsonNode> matchReturnedInputs(List<NewInput> sent, JsonNode returned) {
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode node : returned) {
            byId.putIfAbsent(node.path("id").asText(""), node);
        }
        List<JsonNode> matched = new ArrayList<>(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            String id = sent.get(i).id();
            matched.add(id == null ? returned.path(i) : byId.getOrDefault(id, MissingNode.getInstance()));
        }
        return matched;
    }

    // ---- read ------------------------------------------------------------------------------------------------

    /** One page of inputs, optionally filtered by ids and status code. 207 + 10010 pages are used as they are. */
    @Override
    public InputPage listInputs(ListInputsRequest request, Deadline deadline) {
        StringJoiner query = new StringJoiner("&");
        query.add("page=" + request.page()).add("per_page=" + request.perPage());
        request.ids().forEach(id -> query.add("ids=" + InputsTransport.urlEncode(id)));
        if (request.statusCode() != 0) {
            query.add("status.code=" + request.statusCode());
        }
        ApiResponse response = caller.call(
                "ListInputs",
                InputsTransport.Request.of("GET", "", query.toString()),
                deadline,
                r -> r.isHttpSuccess() && (r.isSuccess() || r.status().code() == StatusCodes.MIXED_STATUS));
        return new InputPage(InputsJson.inputs(response.body()));
    }

    /**
     * Keyset pagination (https://docs.clarifai.com/resources/api-overview/pagination): up to {@code perPage} inputs
     * after {@code lastId} (exclusive; null for the first page), oldest first unless {@code descending}.
     */
    @Override
    public InputPage streamInputs(String lastId, int perPage, boolean descending, Deadline deadline) {
        StringJoiner query = new StringJoiner("&");
        query.add("per_page=" + perPage);
        if (lastId != null) {
            query.add("last_id=" + InputsTransport.urlEncode(lastId));
        }
        if (descending) {
            query.add("descending=true");
        }
        ApiResponse response = caller.call(
                "StreamInputs",
                InputsTransport.Request.of("GET", "/stream", query.toString()),
                deadline,
                ApiResponse::isSuccess);
        return new InputPage(InputsJson.inputs(response.body()));
    }

    /** The input, or empty when it does not exist or was deleted (docs/clarifai-api-notes.md#deletes). */
    @Override
    public Optional<Input> getInput(String id, Deadline deadline) {
        ApiResponse response = caller.call(
                "GetInput",
                InputsTransport.Request.of("GET", "/" + InputsTransport.urlEncode(id), ""),
                deadline,
                r -> r.isSuccess() || r.isNotFound());
        if (response.isNotFound()) {
            return Optional.empty();
        }
        return Optional.of(InputsJson.input(response.body().path("input")));
    }

    @Override
    public InputCounts getInputCounts(Deadline deadline) {
        ApiResponse response = caller.call(
                "GetInputCount", InputsTransport.Request.of("GET", "/status", ""), deadline, ApiResponse::isSuccess);
        return InputsJson.counts(response.body());
    }

    // ---- change ----------------------------------------------------------------------------------------------

    /** Merges, removes or overwrites concepts and metadata of one or many inputs; per-input outcomes come back. */
    @Override
    public List<InputOutcome> patchInputs(List<InputPatch> patches, PatchAction action, Deadline deadline) {
        if (patches.isEmpty() || patches.size() > MAX_INPUTS_PER_ADD) {
            throw new IllegalArgumentException(
                    "A patch takes 1 to " + MAX_INPUTS_PER_ADD + " inputs, got " + patches.size());
        }
        ApiResponse response = caller.call(
                "PatchInputs",
                new InputsTransport.Request("PATCH", "", "", InputsJson.patchRequest(patches, action)),
                deadline,
                ApiResponse::carriesInputStatuses);
        JsonNode returned = response.body().path("inputs");
        List<InputOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < patches.size(); i++) {
            ApiStatus status = InputsJson.status(returned.path(i).path("status"));
            outcomes.add(new InputOutcome(
                    i,
                    patches.get(i).id(),
                    Classifier.ofPatchedInput(response.status().code(), status.code()),
                    status));
        }
        return outcomes;
    }

    /** Deletes one input. Deletion is asynchronous on the server; an input already gone counts as deleted. */
    @Override
    public void deleteInput(String id, Deadline deadline) {
        caller.call(
                "DeleteInput",
                InputsTransport.Request.of("DELETE", "/" + InputsTransport.urlEncode(id), ""),
                deadline,
                r -> r.isSuccess() || r.isNotFound());
    }

    /** Deletes inputs by id, in requests of at most {@value InputsClient#MAX_IDS_PER_DELETE} ids. */
    @Override
    public void deleteInputs(Collection<String> ids, Deadline deadline) {
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += MAX_IDS_PER_DELETE) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + MAX_IDS_PER_DELETE));
            deleteBatch(chunk, deadline);
        }
    }

    /**
     * One DeleteInputs request. How it answers a batch naming an id the app no longer has is undocumented
     * (docs/clarifai-api-notes.md#deletes): on "not found" the others may not have gone, so the ids the app still
     * lists are sent again, a few times, then each alone.
     */
    private void deleteBatch(List<String> ids, Deadline deadline) {
        List<String> remaining = ids;
        for (int attempt = 0; attempt < NOT_FOUND_ROUNDS && !remaining.isEmpty(); attempt++) {
            ApiResponse response = caller.call(
                    "DeleteInputs",
                    new InputsTransport.Request("DELETE", "", "", InputsJson.deleteRequest(remaining)),
                    deadline,
                    r -> r.isSuccess() || r.isNotFound());
            if (!response.isNotFound() || remaining.size() == 1) {
                return;
            }
            remaining = listInputs(ListInputsRequest.ofIds(remaining), deadline).inputs().stream()
                    .map(Input::id)
                    .toList();
        }
        remaining.forEach(id -> deleteInput(id, deadline));
    }

    /**
     * Deletes every input of the app. Sends the older {@code {"delete_all": true}} first; the real API dropped it in
     * 2021 (docs/clarifai-api-notes.md#deletes), and where it is refused as invalid this pages through all ids with
     * {@link #streamInputs} and deletes them in batches.
     */
    @Override
    public DeleteAllResult deleteAll(Deadline deadline) {
        try {
            caller.call(
                    "DeleteAllInputs",
                    new InputsTransport.Request("DELETE", "", "", InputsJson.deleteAllRequest()),
                    deadline,
                    ApiResponse::isSuccess);
            return new DeleteAllResult(true, 0);
        } catch (InputsApiException refused) {
            if (refused.failure() != Classifier.RequestFailure.INVALID) {
                throw refused;
            }
        }
        List<String> ids = new ArrayList<>();
        String lastId = null;
        for (InputPage page = streamInputs(null, ListInputsRequest.MAX_PER_PAGE, false, deadline);
                !page.isEmpty();
                page = streamInputs(lastId, ListInputsRequest.MAX_PER_PAGE, false, deadline)) {
            page.inputs().forEach(input -> ids.add(input.id()));
            lastId = page.lastId();
        }
        deleteInputs(ids, deadline);
        return new DeleteAllResult(false, ids.size());
    }

    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "HttpInputsClient[" + transport + "]";
    }
}

package io.github.clarifais3sync.inputs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@link InputsClient} over REST/JSON: Clarifai's v2 Inputs API (inputs-api.md §2): add, list, stream, get, status counts, patch and
 * delete, in either path form (§1.1), with {@code Authorization: Key <secret>}.
 *
 * <p>Limits are checked before anything is sent. Failures are classified by status code (§3, §7): retryable ones
 * back off with jitter within the caller's {@link Deadline}; permanent ones throw {@link InputsApiException} at once.
 * An add that partly succeeds (207 + 10010) is never sent again whole: only the inputs that failed for a passing
 * reason go again.
 *
 * <p>One instance holds one {@link HttpClient}; build it once and reuse it.
 */
public final class HttpInputsClient implements InputsClient {

    private static final Set<Integer> AUTH_CODES = Set.of(11001, 11002, 11007, 11008, 11009, 11102, 11200);

    private final URI baseUrl;
    private final PathForm pathForm;
    private final String userId;
    private final String appId;
    private final Supplier<ApiKey> apiKey;
    private final HttpClient http;
    private final RetryPolicy retryPolicy;
    private final Duration requestTimeout;

    private HttpInputsClient(Builder builder) {
        this.baseUrl = URI.create(stripTrailingSlash(Objects.requireNonNull(builder.baseUrl, "baseUrl")));
        this.pathForm = builder.pathForm;
        this.userId = builder.userId;
        this.appId = builder.appId;
        this.apiKey = Objects.requireNonNull(builder.apiKey, "apiKey");
        this.retryPolicy = builder.retryPolicy;
        this.requestTimeout = builder.requestTimeout;
        this.http = builder.httpClient != null ? builder.httpClient
                : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10)).build();
        if (pathForm == PathForm.USER_APP && (isBlank(userId) || isBlank(appId))) {
            throw new IllegalArgumentException("The user-app path form needs a Clarifai user id and app id");
        }
    }

    static Builder builder() {
        return new Builder();
    }

    // ---- add -------------------------------------------------------------------------------------------------

    /**
     * Adds up to 128 inputs in one request. Returns each input's outcome; inputs refused for a passing reason
     * (39996, 40031, 98xxx…) are sent again, alone, until accepted or the deadline leaves no room, and then come back
     * as {@link InputOutcome.Kind#RETRYABLE_FAILURE}.
     *
     * @throws IllegalArgumentException before sending, when a limit is broken
     * @throws InputsApiException       when the request as a whole failed
     */
    @Override
    public AddInputsResult addInputs(List<NewInput> inputs, Deadline deadline) {
        checkAddLimits(inputs);
        InputOutcome[] outcomes = new InputOutcome[inputs.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            pending.add(i);
        }
        for (int round = 1; ; round++) {
            List<NewInput> batch = pending.stream().map(inputs::get).toList();
            Response response = call("PostInputs", "POST", "", "", encode(InputsJson.addRequest(batch)), deadline,
                    HttpInputsClient::carriesInputStatuses);
            List<JsonNode> returned = matchReturnedInputs(batch, response.body().path("inputs"));
            List<Integer> again = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                int index = pending.get(i);
                JsonNode node = returned.get(i);
                ApiStatus status = InputsJson.status(node.path("status"));
                String id = node.path("id").asText(batch.get(i).id());
                InputOutcome.Kind kind = classifyAdded(response.status().code(), status);
                outcomes[index] = new InputOutcome(index, id, kind, status);
                if (kind == InputOutcome.Kind.RETRYABLE_FAILURE) {
                    again.add(index);
                }
            }
            Duration wait = retryPolicy.delay(round, false);
            if (again.isEmpty() || !deadline.hasAtLeast(wait.plus(retryPolicy.minAttemptTime()))) {
                return new AddInputsResult(List.of(outcomes));
            }
            sleep(wait);
            pending = again;
        }
    }

    private static void checkAddLimits(List<NewInput> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("An add needs at least one input");
        }
        if (inputs.size() > MAX_INPUTS_PER_ADD) {
            throw new IllegalArgumentException("An add takes at most " + MAX_INPUTS_PER_ADD + " inputs, got "
                    + inputs.size());
        }
        Set<String> ids = new HashSet<>();
        long requestBytes = 0;
        for (NewInput input : inputs) {
            if (input.id() != null) {
                String problem = InputIdRules.problem(input.id());
                if (problem != null) {
                    throw new IllegalArgumentException("Invalid input id '" + input.id() + "': " + problem);
                }
                if (!ids.add(input.id())) {
                    throw new IllegalArgumentException("Input id '" + input.id() + "' appears twice in one add");
                }
            }
            if (input.imageBytes() != null && input.imageBytes().length >= MAX_IMAGE_BYTES) {
                throw new IllegalArgumentException("Image of input '" + input.id() + "' is " + input.imageBytes().length
                        + " bytes; Clarifai takes images under " + MAX_IMAGE_BYTES + " bytes");
            }
            requestBytes += input.encodedSize();
        }
        if (requestBytes >= MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException("An add of " + inputs.size() + " inputs would be about " + requestBytes
                    + " bytes; Clarifai takes requests under " + MAX_REQUEST_BYTES + " bytes: split it");
        }
    }

    private static boolean carriesInputStatuses(Response response) {
        int code = response.status().code();
        return (code == StatusCodes.SUCCESS && response.isHttpSuccess())
                || ((code == StatusCodes.MIXED_STATUS || code == StatusCodes.FAILURE)
                        && response.body().path("inputs").size() > 0);
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

    private static InputOutcome.Kind classifyAdded(int requestCode, ApiStatus status) {
        int code = status.code();
        if (requestCode == StatusCodes.SUCCESS || code == StatusCodes.SUCCESS
                || (code >= StatusCodes.INPUT_SUCCESS && code <= StatusCodes.INPUT_IN_PROGRESS
                        && code != StatusCodes.INPUT_FAILED)) {
            return InputOutcome.Kind.ACCEPTED;
        }
        if (code == StatusCodes.DATABASE_DUPLICATE_KEY) {
            return InputOutcome.Kind.DUPLICATE_ID;
        }
        if (code == StatusCodes.ZERO || StatusCodes.isRetryableInputCode(code)) {
            return InputOutcome.Kind.RETRYABLE_FAILURE;
        }
        return InputOutcome.Kind.PERMANENT_FAILURE;
    }

    // ---- read ------------------------------------------------------------------------------------------------

    /** One page of inputs, optionally filtered by ids and status code. 207 + 10010 pages are used as they are. */
    @Override
    public InputPage listInputs(ListInputsRequest request, Deadline deadline) {
        StringJoiner query = new StringJoiner("&");
        query.add("page=" + request.page()).add("per_page=" + request.perPage());
        request.ids().forEach(id -> query.add("ids=" + urlEncode(id)));
        if (request.statusCode() != 0) {
            query.add("status.code=" + request.statusCode());
        }
        Response response = call("ListInputs", "GET", "", query.toString(), null, deadline,
                r -> r.isHttpSuccess() && (r.isSuccess() || r.status().code() == StatusCodes.MIXED_STATUS));
        return new InputPage(InputsJson.inputs(response.body()));
    }

    /**
     * Keyset pagination (inputs-api.md §2.3): up to {@code perPage} inputs after {@code lastId} (exclusive; null for
     * the first page), oldest first unless {@code descending}.
     */
    @Override
    public InputPage streamInputs(String lastId, int perPage, boolean descending, Deadline deadline) {
        StringJoiner query = new StringJoiner("&");
        query.add("per_page=" + perPage);
        if (lastId != null) {
            query.add("last_id=" + urlEncode(lastId));
        }
        if (descending) {
            query.add("descending=true");
        }
        Response response = call("StreamInputs", "GET", "/stream", query.toString(), null, deadline,
                Response::isSuccess);
        return new InputPage(InputsJson.inputs(response.body()));
    }

    /** The input, or empty when it does not exist or was deleted (11101 / HTTP 404, inputs-api.md §2.4). */
    @Override
    public Optional<Input> getInput(String id, Deadline deadline) {
        Response response = call("GetInput", "GET", "/" + urlEncode(id), "", null, deadline,
                r -> r.isSuccess() || isNotFound(r));
        if (isNotFound(response)) {
            return Optional.empty();
        }
        return Optional.of(InputsJson.input(response.body().path("input")));
    }

    @Override
    public InputCounts getInputCounts(Deadline deadline) {
        Response response = call("GetInputCount", "GET", "/status", "", null, deadline, Response::isSuccess);
        return InputsJson.counts(response.body());
    }

    // ---- change ----------------------------------------------------------------------------------------------

    /** Merges, removes or overwrites concepts and metadata of one or many inputs; per-input outcomes come back. */
    @Override
    public List<InputOutcome> patchInputs(List<InputPatch> patches, PatchAction action, Deadline deadline) {
        if (patches.isEmpty() || patches.size() > MAX_INPUTS_PER_ADD) {
            throw new IllegalArgumentException("A patch takes 1 to " + MAX_INPUTS_PER_ADD + " inputs, got "
                    + patches.size());
        }
        Response response = call("PatchInputs", "PATCH", "", "", encode(InputsJson.patchRequest(patches, action)),
                deadline, HttpInputsClient::carriesInputStatuses);
        JsonNode returned = response.body().path("inputs");
        List<InputOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < patches.size(); i++) {
            JsonNode node = returned.path(i);
            ApiStatus status = InputsJson.status(node.path("status"));
            boolean ok = response.status().code() == StatusCodes.SUCCESS
                    || status.code() == StatusCodes.INPUT_MODIFY_SUCCESS;
            InputOutcome.Kind kind = ok ? InputOutcome.Kind.ACCEPTED
                    : StatusCodes.isRetryableInputCode(status.code()) ? InputOutcome.Kind.RETRYABLE_FAILURE
                    : InputOutcome.Kind.PERMANENT_FAILURE;
            outcomes.add(new InputOutcome(i, patches.get(i).id(), kind, status));
        }
        return outcomes;
    }

    /** Deletes one input. Deletion is asynchronous on the server; an input already gone counts as deleted. */
    @Override
    public void deleteInput(String id, Deadline deadline) {
        call("DeleteInput", "DELETE", "/" + urlEncode(id), "", null, deadline, r -> r.isSuccess() || isNotFound(r));
    }

    /** Deletes inputs by id, in requests of at most {@value InputsClient#MAX_IDS_PER_DELETE} ids. */
    @Override
    public void deleteInputs(Collection<String> ids, Deadline deadline) {
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += MAX_IDS_PER_DELETE) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + MAX_IDS_PER_DELETE));
            Response response = call("DeleteInputs", "DELETE", "", "", encode(InputsJson.deleteRequest(chunk)),
                    deadline, r -> r.isSuccess() || isNotFound(r));
            // How the API answers a batch naming an id it does not have is undocumented (inputs-api.md §8): if it
            // says "not found", the others may not have been deleted, so each goes alone.
            if (isNotFound(response) && chunk.size() > 1) {
                chunk.forEach(id -> deleteInput(id, deadline));
            }
        }
    }

    /**
     * Deletes every input of the app. Sends the older seed's {@code {"delete_all": true}} first; the real API
     * dropped it in 2021 (inputs-api.md §2.8), and where it is refused this pages through all ids with
     * {@link #streamInputs} and deletes them in batches.
     */
    @Override
    public DeleteAllResult deleteAll(Deadline deadline) {
        try {
            call("DeleteAllInputs", "DELETE", "", "", encode(InputsJson.deleteAllRequest()), deadline,
                    Response::isSuccess);
            return new DeleteAllResult(true, 0);
        } catch (InputsApiException refused) {
            if (refused.retryable() || AUTH_CODES.contains(refused.code())) {
                throw refused;
            }
        }
        List<String> ids = new ArrayList<>();
        String lastId = null;
        for (InputPage page = streamInputs(null, ListInputsRequest.MAX_PER_PAGE, false, deadline); !page.isEmpty();
                page = streamInputs(lastId, ListInputsRequest.MAX_PER_PAGE, false, deadline)) {
            page.inputs().forEach(input -> ids.add(input.id()));
            lastId = page.lastId();
        }
        deleteInputs(ids, deadline);
        return new DeleteAllResult(false, ids.size());
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "HttpInputsClient[" + baseUrl + ", " + pathForm.setting() + "]";
    }

    // ---- transport -------------------------------------------------------------------------------------------

    private record Response(int httpStatus, JsonNode body, ApiStatus status) {

        boolean isHttpSuccess() {
            return httpStatus >= 200 && httpStatus < 300;
        }

        boolean isSuccess() {
            return isHttpSuccess() && status.code() == StatusCodes.SUCCESS;
        }
    }

    private static boolean isNotFound(Response response) {
        return response.status().code() == StatusCodes.CONN_DOES_NOT_EXIST
                || (response.httpStatus() == 404 && response.status().code() == StatusCodes.ZERO);
    }

    /**
     * Sends a request until {@code done} accepts the response, retrying retryable failures with backoff while the
     * deadline allows. Decides on the status code first and on the HTTP status only where the body has no code.
     */
    private Response call(String operation, String method, String suffix, String query, byte[] body,
                          Deadline deadline, Predicate<Response> done) {
        for (int attempt = 1; ; attempt++) {
            InputsApiException failure;
            boolean throttled = false;
            try {
                Response response = exchange(method, suffix, query, body, deadline);
                if (done.test(response)) {
                    return response;
                }
                int code = response.status().code();
                boolean retryable = StatusCodes.isRetryableRequestCode(code)
                        || (StatusCodes.isRetryableHttpStatus(response.httpStatus()) && !AUTH_CODES.contains(code));
                failure = new InputsApiException(operation, response.httpStatus(), response.status(), retryable, null);
                if (!retryable) {
                    throw failure;
                }
                throttled = response.httpStatus() == 429 || code == StatusCodes.CONN_THROTTLED
                        || code == StatusCodes.CONN_EXCEED_HOURLY_LIMIT;
            } catch (IOException transport) {
                failure = new InputsApiException(operation, 0,
                        ApiStatus.of(StatusCodes.ZERO, transport.getClass().getSimpleName()), true, transport);
            }
            Duration wait = retryPolicy.delay(attempt, throttled);
            if (!deadline.hasAtLeast(wait.plus(retryPolicy.minAttemptTime()))) {
                throw failure;
            }
            sleep(wait);
        }
    }

    private Response exchange(String method, String suffix, String query, byte[] body, Deadline deadline)
            throws IOException {
        Duration timeout = deadline.remaining().compareTo(requestTimeout) < 0 ? deadline.remaining() : requestTimeout;
        if (timeout.isZero()) {
            throw new java.net.http.HttpTimeoutException("deadline reached before sending");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(suffix, query))
                .timeout(timeout)
                .header("Authorization", apiKey.get().authorizationHeader())
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", interrupted);
        }
        JsonNode json = parse(response.body());
        return new Response(response.statusCode(), json, InputsJson.status(json.path("status")));
    }

    private URI uri(String suffix, String query) {
        String scope = pathForm == PathForm.USER_APP
                ? "/v2/users/" + urlEncode(userId) + "/apps/" + urlEncode(appId) + "/inputs"
                : "/v2/inputs";
        return URI.create(baseUrl + scope + suffix + (query.isEmpty() ? "" : "?" + query));
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return InputsJson.MAPPER.readTree(body);
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }

    private static byte[] encode(JsonNode body) {
        try {
            return InputsJson.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while backing off", interrupted);
        }
    }

    private static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Builder; {@code baseUrl} and an API key are required, and the user-app form needs user and app ids. */
    public static final class Builder {
        private String baseUrl = "https://api.clarifai.com";
        private PathForm pathForm = PathForm.APP_KEY;
        private String userId = "me";
        private String appId;
        private Supplier<ApiKey> apiKey;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Duration requestTimeout = Duration.ofSeconds(60);
        private HttpClient httpClient;

        private Builder() {
        }

        public Builder baseUrl(String value) {
            this.baseUrl = value;
            return this;
        }

        public Builder pathForm(PathForm value) {
            this.pathForm = value;
            return this;
        }

        public Builder userId(String value) {
            this.userId = value;
            return this;
        }

        public Builder appId(String value) {
            this.appId = value;
            return this;
        }

        public Builder apiKey(ApiKey value) {
            Objects.requireNonNull(value, "apiKey");
            this.apiKey = () -> value;
            return this;
        }

        /** A key looked up when first needed (for example from Secrets Manager) and cached by the supplier. */
        public Builder apiKey(Supplier<ApiKey> value) {
            this.apiKey = value;
            return this;
        }

        public Builder retryPolicy(RetryPolicy value) {
            this.retryPolicy = value;
            return this;
        }

        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        public Builder httpClient(HttpClient value) {
            this.httpClient = value;
            return this;
        }

        public InputsClient build() {
            return new HttpInputsClient(this);
        }
    }
}

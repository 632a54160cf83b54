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
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One HTTP round trip to the Inputs API, no retries: the URL in the configured path form
 * (docs/clarifai-api-notes.md#paths), {@code Authorization: Key <secret>}, a timeout no longer than the caller's
 * deadline, and the JSON body parsed leniently. Holds one {@link HttpClient} for all requests.
 */
final class InputsTransport implements AutoCloseable {

    private final URI baseUrl;
    private final PathForm pathForm;
    private final String userId;
    private final String appId;
    private final Supplier<ApiKey> apiKey;
    private final Duration requestTimeout;
    private final HttpClient http;

    InputsTransport(
            URI baseUrl,
            PathForm pathForm,
            String userId,
            String appId,
            Supplier<ApiKey> apiKey,
            Duration requestTimeout,
            HttpClient http) {
        this.baseUrl = baseUrl;
        this.pathForm = pathForm;
        this.userId = userId;
        this.appId = appId;
        this.apiKey = apiKey;
        this.requestTimeout = requestTimeout;
        this.http = http;
    }

    /** A request: method, path after {@code …/inputs}, query string (may be empty) and JSON body (null for none). */
    record Request(String method, String suffix, String query, JsonNode body) {

        static Request of(String method, String suffix, String query) {
            return new Request(method, suffix, query, null);
        }
    }

    ApiResponse exchange(Request request, Deadline deadline) throws IOException {
        Duration timeout = deadline.remaining().compareTo(requestTimeout) < 0 ? deadline.remaining() : requestTimeout;
        if (timeout.isZero()) {
            throw new HttpTimeoutException("deadline reached before sending");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(request.suffix(), request.query()))
                .timeout(timeout)
                .header("Authorization", apiKey.get().authorizationHeader())
                .header("Accept", "application/json");
        if (request.body() != null) {
            builder.header("Content-Type", "application/json")
                    .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(encode(request.body())));
        } else {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", interrupted);
        }
        JsonNode json = parse(response.body());
        return new ApiResponse(response.statusCode(), json, InputsJson.status(json.path("status")));
    }

    private URI uri(String suffix, String query) {
        String scope = pathForm == PathForm.USER_APP
                ? "/v2/users/" + urlEncode(userId) + "/apps/" + urlEncode(appId) + "/inputs"
                : "/v2/inputs";
        return URI.create(baseUrl + scope + suffix + (query.isEmpty() ? "" : "?" + query));
    }

    static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
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

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return baseUrl + ", " + pathForm.setting();
    }
}

package io.github.clarifais3sync.local.inputsapi;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.clarifais3sync.testing.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** A plain HTTP client for the local API, as a Clarifai REST client would talk to it. */
final class ApiTestClient {
    static final ObjectMapper JSON = ProtoJson.MAPPER;
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(15);

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String authorization;

    record Response(int httpStatus, JsonNode body) {
        int code() {
            return body.path("status").path("code").asInt();
        }

        String details() {
            return body.path("status").path("details").asText();
        }

        JsonNode input(int index) {
            return body.path("inputs").path(index);
        }

        int inputCode(int index) {
            return input(index).path("status").path("code").asInt();
        }
    }

    ApiTestClient(String baseUrl, String key) {
        this(baseUrl, key, "Key " + key);
    }

    private ApiTestClient(String baseUrl, String key, String authorization) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
    }

    /** A client sending this exact Authorization header value, or none when {@code null}. */
    static ApiTestClient withAuthorizationHeader(String baseUrl, String headerValue) {
        return new ApiTestClient(baseUrl, null, headerValue);
    }

    Response get(String path) {
        return send("GET", path, null);
    }

    Response post(String path, String json) {
        return send("POST", path, json);
    }

    Response patch(String path, String json) {
        return send("PATCH", path, json);
    }

    Response delete(String path, String json) {
        return send("DELETE", path, json);
    }

    Response send(String method, String path, String json) {
        try {
            return sendOrThrow(method, path, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets transport failures (a dropped connection) reach the caller. */
    Response sendOrThrow(String method, String path, String json) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), JSON.readTree(response.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Adds one input by URL and returns its id. */
    String addUrl(String id, String url) {
        Response response = post("/v2/inputs", """
                {"inputs": [{"id": "%s", "data": {"image": {"url": "%s", "allow_duplicate_url": true}}}]}""".formatted(id, url));
        if (response.code() != 10000) {
            fail("add failed: " + response.body());
        }
        return response.input(0).path("id").asText();
    }

    /** Polls GetInput until the input's status satisfies {@code done}; fails after a generous bound. */
    JsonNode awaitInput(String id, Predicate<Integer> done) {
        return Poll.until(
                        "input " + id + " in the awaited status",
                        WAIT_LIMIT,
                        () -> get("/v2/inputs/" + id),
                        response -> response.httpStatus() == 200
                                && done.test(response.body()
                                        .path("input")
                                        .path("status")
                                        .path("code")
                                        .asInt()))
                .body()
                .path("input");
    }

    int awaitFinalStatus(String id) {
        return awaitInput(id, code -> code != 30001 && code != 30003)
                .path("status")
                .path("code")
                .asInt();
    }

    /** Polls GetInput until it answers 404 (deleted). */
    Response awaitGone(String path) {
        return Poll.until(path + " gone", WAIT_LIMIT, () -> get(path), response -> response.httpStatus() == 404);
    }
}

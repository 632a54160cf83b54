package io.github.clarifais3sync.inputs;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The Clarifai client's HTTP path, primed before a SnapStart snapshot without the key: one GET of the inputs list with
 * a placeholder in place of the key, which the API refuses, through the same transport and JSON reading as every
 * request, on an HTTP client of its own (with the JVM's default TLS context, not the function's) that is closed
 * afterwards, so no connection and no TLS session of the function's client is frozen into the snapshot.
 */
public final class InputsPriming {

    /** What the request carries instead of a key: the API answers it as an unknown key. */
    public static final String PLACEHOLDER_KEY = "priming-placeholder-not-a-key";

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private InputsPriming() {}

    /** Sends the one request and returns the HTTP status the API answered; the answer itself is not used. */
    public static int exchangeWithoutTheKey(String baseUrl, PathForm pathForm, String userId, String appId)
            throws IOException {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .build();
        try (InputsTransport transport = new InputsTransport(
                URI.create(base), pathForm, userId, appId, () -> ApiKey.of(PLACEHOLDER_KEY), TIMEOUT, http)) {
            return transport
                    .exchange(InputsTransport.Request.of("GET", "", "per_page=1"), Deadline.after(TIMEOUT))
                    .httpStatus();
        }
    }
}

package io.github.clarifais3sync.inputs;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Builds the REST {@link InputsClient}. The base URL, path form and key are required, and the user-app form needs a
 * user and an app id; the functions' defaults for them live in their configuration, not here.
 */
public final class InputsClientBuilder {

    private String baseUrl;
    private PathForm pathForm;
    private String userId;
    private String appId;
    private Supplier<ApiKey> apiKey;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Duration requestTimeout = Duration.ofSeconds(60);
    private HttpClient httpClient;
    private SSLContext sslContext;
    private AttemptListener attemptListener = AttemptListener.NONE;

    InputsClientBuilder() {}

    public InputsClientBuilder baseUrl(String value) {
        this.baseUrl = value;
        return this;
    }

    public InputsClientBuilder pathForm(PathForm value) {
        this.pathForm = value;
        return this;
    }

    public InputsClientBuilder userId(String value) {
        this.userId = value;
        return this;
    }

    public InputsClientBuilder appId(String value) {
        this.appId = value;
        return this;
    }

    public InputsClientBuilder apiKey(ApiKey value) {
        Objects.requireNonNull(value, "apiKey");
        this.apiKey = () -> value;
        return this;
    }

    /** A key looked up when first needed (for example from Secrets Manager) and cached by the supplier. */
    public InputsClientBuilder apiKey(Supplier<ApiKey> value) {
        this.apiKey = value;
        return this;
    }

    public InputsClientBuilder retryPolicy(RetryPolicy value) {
        this.retryPolicy = value;
        return this;
    }

    /** Longest wait for one HTTP answer; a call never waits past its deadline either. */
    public InputsClientBuilder requestTimeout(Duration value) {
        this.requestTimeout = value;
        return this;
    }

    /** The TLS context of the default HTTP client (ignored with {@link #httpClient}); the JDK's default if unset. */
    public InputsClientBuilder sslContext(SSLContext value) {
        this.sslContext = value;
        return this;
    }

    public InputsClientBuilder httpClient(HttpClient value) {
        this.httpClient = value;
        return this;
    }

    /** Told of every failed attempt (throttled, unavailable, refused), e.g. to count them as metrics. */
    public InputsClientBuilder attemptListener(AttemptListener value) {
        this.attemptListener = Objects.requireNonNull(value, "attemptListener");
        return this;
    }

    public InputsClient build() {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String problem = BaseUrls.problem(baseUrl);
        if (problem != null) {
            throw new IllegalArgumentException("The Clarifai base URL must be " + BaseUrls.RULE + ": " + problem);
        }
        Objects.requireNonNull(pathForm, "pathForm");
        Objects.requireNonNull(apiKey, "apiKey");
        if (pathForm == PathForm.USER_APP && (isBlank(userId) || isBlank(appId))) {
            throw new IllegalArgumentException("The user-app path form needs a Clarifai user id and app id");
        }
        HttpClient http = httpClient;
        if (http == null) {
            HttpClient.Builder builder =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10));
            if (sslContext != null) {
                builder.sslContext(sslContext);
            }
            http = builder.build();
        }
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return new HttpInputsClient(
                new InputsTransport(URI.create(base), pathForm, userId, appId, apiKey, requestTimeout, http),
                retryPolicy,
                attemptListener);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}

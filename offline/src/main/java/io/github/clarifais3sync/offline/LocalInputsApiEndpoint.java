package io.github.clarifais3sync.offline;

import java.time.Duration;

import io.github.clarifais3sync.local.inputsapi.LocalInputsApi;

/** The local, Clarifai-compatible Inputs API, in this JVM, with an app-scoped key. */
public final class LocalInputsApiEndpoint implements InputsApiEndpoint {

    private final LocalInputsApi api;

    private LocalInputsApiEndpoint(LocalInputsApi api) {
        this.api = api;
    }

    /** @param processingDelay how long a new input stays "in progress" before it is indexed or fails */
    public static LocalInputsApiEndpoint start(int port, Duration processingDelay) {
        return new LocalInputsApiEndpoint(LocalInputsApi.builder()
                .port(port)
                .apiKey(LocalInputsApi.DEFAULT_API_KEY, LocalInputsApi.DEFAULT_USER_ID, LocalInputsApi.DEFAULT_APP_ID)
                .processingDelay(processingDelay)
                .deleteDelay(processingDelay)
                .build()
                .start());
    }

    public LocalInputsApi api() {
        return api;
    }

    @Override
    public String baseUrl() {
        return api.baseUrl();
    }

    @Override
    public String apiKey() {
        return LocalInputsApi.DEFAULT_API_KEY;
    }

    @Override
    public String userId() {
        return LocalInputsApi.DEFAULT_USER_ID;
    }

    @Override
    public String appId() {
        return LocalInputsApi.DEFAULT_APP_ID;
    }

    @Override
    public void close() {
        api.close();
    }
}

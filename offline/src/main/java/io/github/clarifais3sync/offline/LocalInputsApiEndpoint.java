package io.github.clarifais3sync.offline;

import io.github.clarifais3sync.local.inputsapi.LocalInputsApi;
import io.github.clarifais3sync.local.inputsapi.grpc.LocalInputsGrpcServer;
import java.time.Duration;

/** The local, Clarifai-compatible Inputs API, in this JVM, with an app-scoped key; optionally its gRPC endpoint too. */
public final class LocalInputsApiEndpoint implements InputsApiEndpoint {

    private final LocalInputsApi api;
    private LocalInputsGrpcServer grpc;

    private LocalInputsApiEndpoint(LocalInputsApi api) {
        this.api = api;
    }

    /** Also serves Clarifai's gRPC API over the same state on 127.0.0.1:{@code port} (0 = a free port). */
    public LocalInputsApiEndpoint withGrpc(int port) {
        grpc = LocalInputsGrpcServer.builder(api).port(port).build().start();
        return this;
    }

    /** The gRPC endpoint, or null when none was started. */
    public LocalInputsGrpcServer grpc() {
        return grpc;
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

    /** An API started elsewhere (with its own settings); it must hold the default API key. */
    public static LocalInputsApiEndpoint of(LocalInputsApi api) {
        return new LocalInputsApiEndpoint(api);
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
        if (grpc != null) {
            grpc.close();
        }
        api.close();
    }
}

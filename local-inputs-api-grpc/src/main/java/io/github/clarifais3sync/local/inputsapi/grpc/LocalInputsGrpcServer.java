package io.github.clarifais3sync.local.inputsapi.grpc;

import io.github.clarifais3sync.local.inputsapi.LocalInputsApi;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Clarifai's gRPC API ({@code clarifai.api.V2}, as clarifai-grpc 12.6.0 defines it) on 127.0.0.1 without TLS, in front
 * of a started {@link LocalInputsApi}: each inputs call goes through its {@code google.api.http} rule to the REST
 * handling in this process, so both wires share the state, keys ({@code authorization: Key …} metadata), rate limit
 * and faults. Point Clarifai's Python SDK at it with {@code base_url="http://127.0.0.1:<port>"}.
 *
 * <pre>{@code
 * try (LocalInputsApi api = LocalInputsApi.builder().build().start();
 *         LocalInputsGrpcServer grpc = LocalInputsGrpcServer.builder(api).build().start()) {
 *     String baseUrl = grpc.baseUrl();
 * }
 * }</pre>
 */
public final class LocalInputsGrpcServer implements AutoCloseable {
    /** Clarifai's limit on one request (https://docs.clarifai.com/create-manage/inputs/upload): under 128 MB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 128 * 1024 * 1024;

    private final Builder settings;
    private Server server;
    private ExecutorService executor;

    private LocalInputsGrpcServer(Builder settings) {
        this.settings = settings;
    }

    public static Builder builder(LocalInputsApi api) {
        return new Builder(api);
    }

    /** Binds the port and starts answering; returns this server for chaining. */
    public synchronized LocalInputsGrpcServer start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        V2HandlerRegistry registry =
                new V2HandlerRegistry(ClarifaiApiDescriptors.load(), new RestBridge(settings.api.inProcessHandler()));
        executor = Executors.newVirtualThreadPerTaskExecutor();
        // A message over the limit is refused by the transport with RESOURCE_EXHAUSTED before any handler sees it.
        Server built = NettyServerBuilder.forAddress(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port))
                .fallbackHandlerRegistry(registry)
                .maxInboundMessageSize(settings.maxMessageBytes)
                .executor(executor)
                .build();
        try {
            server = built.start();
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot bind 127.0.0.1:" + settings.port, e);
        }
        return this;
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getPort();
    }

    /** The SDK's {@code base_url}: {@code http://} marks the channel as insecure. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
        server = null;
    }

    /** Settings; each has a default. */
    public static final class Builder {
        private final LocalInputsApi api;
        private int port;
        private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;

        private Builder(LocalInputsApi api) {
            this.api = Objects.requireNonNull(api);
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** Largest request message accepted (default 128 MB). */
        public Builder maxMessageBytes(int maxMessageBytes) {
            if (maxMessageBytes <= 0) {
                throw new IllegalArgumentException("maxMessageBytes must be positive");
            }
            this.maxMessageBytes = maxMessageBytes;
            return this;
        }

        public LocalInputsGrpcServer build() {
            return new LocalInputsGrpcServer(this);
        }
    }
}

package io.github.clarifais3sync.local.inputsapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * An in-memory, Clarifai-compatible v2 Inputs REST API on 127.0.0.1 (see docs/clarifai-api-notes.md).
 *
 * <pre>{@code
 * try (LocalInputsApi api = LocalInputsApi.builder().apiKey("key", "user", "app").build().start()) {
 *     URI inputs = URI.create(api.baseUrl() + "/v2/inputs");
 *     api.faults().failNextRequests(2, 503, 40031);
 * }
 * }</pre>
 */
public final class LocalInputsApi implements AutoCloseable {
    public static final String DEFAULT_API_KEY = "local-api-key";
    public static final String DEFAULT_USER_ID = "local-user";
    public static final String DEFAULT_APP_ID = "local-app";

    private final Builder settings;
    private final FaultInjector faults;
    private final Map<String, Credential> credentials;
    private HttpServer server;
    /** Where clients connect: it passes requests on to {@link #server}, answering malformed ones itself. */
    private ExecutorService requestExecutor;

    private ApiHttpHandler handler;
    private InputProcessor processor;
    private InputsService service;
    private RateLimiter rateLimiter;

    private LocalInputsApi(Builder builder) {
        this.settings = builder;
        this.faults = builder.faults;
        Map<String, Credential> bySecret = new LinkedHashMap<>();
        List<Credential> configured = builder.credentials.isEmpty()
                ? List.of(Credential.apiKey(DEFAULT_API_KEY, DEFAULT_USER_ID, DEFAULT_APP_ID))
                : builder.credentials;
        configured.forEach(credential -> bySecret.put(credential.secret(), credential));
        this.credentials = Collections.unmodifiableMap(bySecret);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the port and starts answering; returns this API for chaining. */
    public synchronized LocalInputsApi start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        SampleImages samples = settings.builtInSamples ? new SampleImages() : null;
        ImageInspector inspector = new ImageInspector(settings.maxImageBytes, settings.decodeBudget);
        ImageFetcher fetcher =
                new ImageFetcher(settings.fetchTimeout, samples, inspector, new FetchPolicy(settings.allowedHosts));
        processor =
                new InputProcessor(settings.processingDelay, settings.deleteDelay, fetcher, inspector, settings.clock);
        service = new InputsService(settings.clock, faults, processor, settings.deleteAllHonoured);
        rateLimiter = new RateLimiter(settings.rateLimit, settings.clock);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port), 0);
        } catch (IOException e) {
            processor.close();
            throw new UncheckedIOException("cannot bind 127.0.0.1:" + settings.port, e);
        }
        requestExecutor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(requestExecutor);
        handler = new ApiHttpHandler(
                service,
                credentials,
                rateLimiter,
                faults,
                settings.builtInSamples ? samples : null,
                settings.requestLog,
                new RequestBodies(settings.maxImageBytes));
        server.createContext("/", handler);
        server.start();
        return this;
    }

    /** E.g. {@code http://127.0.0.1:8080}; append {@code /v2/inputs}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getAddress().getPort();
    }

    /**
     * API requests received since start with this HTTP method ({@code POST} adds, {@code PATCH} patches…), so tests
     * can count the requests a client made rather than trust the client's own count.
     */
    public synchronized long requests(String method) {
        return handler == null ? 0 : handler.requests(method);
    }

    /**
     * API requests received since start of this kind, faulted and refused ones included: what a client spent of the
     * app's rate limit on adds, deletes, patches, reads, listings and status checks.
     */
    public synchronized long requests(RequestKind kind) {
        return handler == null ? 0 : handler.requests(kind);
    }

    /**
     * API requests received since start, by kind and then by answer: the HTTP status as text ({@code "200"},
     * {@code "404"}, {@code "429"}…) or {@code "dropped"}. What {@code GET /_local/requests} reports.
     */
    public synchronized Map<RequestKind, Map<String, Long>> answers() {
        return handler == null ? Map.of() : handler.answers();
    }

    /**
     * Every input of the app as ListInputs shows it, read in this process: no request is counted, rate-limited or
     * faulted, so a checker can look without spending the clients' rate limit.
     */
    public synchronized List<JsonNode> inputs(String userId, String appId) {
        if (service == null) {
            throw new IllegalStateException("not started");
        }
        return service.snapshot(userId, appId);
    }

    /** Inputs of the app still being processed (pending or in progress) or being deleted; 0 once the app is quiet. */
    public synchronized int busyInputs(String userId, String appId) {
        if (service == null) {
            throw new IllegalStateException("not started");
        }
        return service.busy(userId, appId);
    }

    /**
     * The REST handling itself, for requests handed over in this process: it answers exactly as the HTTP server does,
     * with the same state, keys, rate limit, faults and request counts. Another wire (the gRPC endpoint) goes through
     * it rather than re-implementing the API; a request it closes without any response is a dropped connection.
     */
    public synchronized HttpHandler inProcessHandler() {
        if (handler == null) {
            throw new IllegalStateException("not started");
        }
        return handler;
    }

    /** The fault switchboard; changes apply to the next request. */
    public FaultInjector faults() {
        return faults;
    }

    /** The configured credentials, the default API key included when none was configured. */
    public List<Credential> credentials() {
        return new ArrayList<>(credentials.values());
    }

    /** Forgets every input of every app, clears the faults and refills the rate limit buckets. */
    public synchronized void reset() {
        if (service != null) {
            service.reset();
            rateLimiter.reset();
        }
        faults.clear();
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.stop(0);
        requestExecutor.shutdownNow();
        processor.close();
        server = null;
    }

    /** Settings; every one has a default, including an API key when no credential is given. */
    public static final class Builder {
        private int port;
        private final List<Credential> credentials = new ArrayList<>();
        private Duration processingDelay = Duration.ofMillis(300);
        private Duration deleteDelay = Duration.ofMillis(300);
        private int rateLimit = 15;
        private boolean deleteAllHonoured = true;
        private boolean builtInSamples = true;
        private FaultInjector faults = new FaultInjector();
        private Duration fetchTimeout = Duration.ofSeconds(30);
        private long maxImageBytes = ImageInspector.DEFAULT_MAX_BYTES;
        private long decodeBudget = ImageInspector.DEFAULT_DECODE_BUDGET;
        private Set<String> allowedHosts = Set.of();
        private InstantSource clock = InstantSource.system();
        private Consumer<String> requestLog;

        private Builder() {}

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** An app-scoped API key: works on {@code /v2/inputs} and on its own user's and app's path. */
        public Builder apiKey(String secret, String userId, String appId) {
            return credential(Credential.apiKey(secret, userId, appId));
        }

        /** A personal access token: any app id under {@code userId}, on the user/app path only. */
        public Builder personalAccessToken(String secret, String userId) {
            return credential(Credential.personalAccessToken(secret, userId));
        }

        public Builder credential(Credential credential) {
            credentials.add(Objects.requireNonNull(credential));
            return this;
        }

        /** Time from 30001 to the final status, half of it spent pending (default 300 ms). */
        public Builder processingDelay(Duration delay) {
            this.processingDelay = requireNonNegative(delay);
            return this;
        }

        /** Time until a deleted input is gone (default 300 ms). */
        public Builder deleteDelay(Duration delay) {
            this.deleteDelay = requireNonNegative(delay);
            return this;
        }

        /** Requests per second per key (default 15, Clarifai's default); 0 turns the limit off. */
        public Builder rateLimit(int requestsPerSecond) {
            if (requestsPerSecond < 0) {
                throw new IllegalArgumentException("rate limit must not be negative");
            }
            this.rateLimit = requestsPerSecond;
            return this;
        }

        /** Off refuses {@code delete_all} with 400/11100 as the real API has done since 2021 (default on). */
        public Builder deleteAllHonoured(boolean honoured) {
            this.deleteAllHonoured = honoured;
            return this;
        }

        /** Serve {@code https://samples.clarifai.com/<name>} from generated images (default on). */
        public Builder builtInSamples(boolean enabled) {
            this.builtInSamples = enabled;
            return this;
        }

        public Builder faultInjector(FaultInjector faults) {
            this.faults = Objects.requireNonNull(faults);
            return this;
        }

        /**
         * How long a URL download may take, from the request to the last byte, before it fails with 30002 (default
         * 30 s).
         */
        public Builder fetchTimeout(Duration timeout) {
            this.fetchTimeout = requireNonNegative(timeout);
            return this;
        }

        /** Largest accepted image (default 20 MB, docs/clarifai-api-notes.md#limits); larger ones end in 30105. */
        public Builder maxImageBytes(long maxBytes) {
            if (maxBytes <= 0) {
                throw new IllegalArgumentException("maxImageBytes must be positive");
            }
            this.maxImageBytes = maxBytes;
            return this;
        }

        /**
         * Most memory that decoding images may take at once, worked out from each image's header as pixels times bytes
         * a decoded pixel (default 340 MB: 85 megapixels of 8-bit RGBA, the largest image Clarifai takes); an image
         * that alone needs more ends in 30105 without being decoded.
         */
        public Builder decodeBudget(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("decodeBudget must be positive");
            }
            this.decodeBudget = bytes;
            return this;
        }

        /**
         * The only hosts URL inputs are fetched from (names or IP addresses); others end in 30106. Empty (the default)
         * allows any host. Link-local addresses are refused either way.
         */
        public Builder allowedHosts(Collection<String> hosts) {
            this.allowedHosts = Set.copyOf(hosts);
            return this;
        }

        /** Clock for timestamps and the rate limit; a fixed clock makes the rate limit never refill. */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Receives one key=value line per request (never a key); off by default. */
        public Builder requestLog(Consumer<String> log) {
            this.requestLog = log;
            return this;
        }

        /** The API reads these settings when it starts, so change nothing on this builder after building. */
        public LocalInputsApi build() {
            return new LocalInputsApi(this);
        }

        private static Duration requireNonNegative(Duration duration) {
            if (duration.isNegative()) {
                throw new IllegalArgumentException("duration must not be negative: " + duration);
            }
            return duration;
        }
    }
}

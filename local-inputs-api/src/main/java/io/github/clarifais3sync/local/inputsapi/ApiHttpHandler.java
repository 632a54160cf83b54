package io.github.clarifais3sync.local.inputsapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * HTTP front of the local API: the two path forms of docs/clarifai-api-notes.md#paths, {@code Authorization: Key}
 * authentication (docs/clarifai-api-notes.md#paths), the per-key rate limit (docs/clarifai-api-notes.md#limits),
 * injected faults, a {@code status} in every body with the HTTP status of docs/clarifai-api-notes.md#codes, plus the
 * local-only {@code /_local/faults}, {@code /_local/requests} (requests by kind and answer), {@code /_local/reset}
 * and {@code /samples/<name>} endpoints.
 */
final class ApiHttpHandler implements HttpHandler {
    private static final String AUTHORIZATION_PREFIX = "Key ";
    /**
     * Clarifai's default limit, also quoted by injected throttling when the local limit is off
     * (docs/clarifai-api-notes.md#limits).
     */
    private static final int PLATFORM_RATE_LIMIT = 15;

    private final InputsService service;
    private final Map<String, Credential> credentials;
    private final RateLimiter rateLimiter;
    private final FaultInjector faults;
    private final SampleImages samples;
    private final Consumer<String> log;
    private final RequestBodies bodies;
    private final Map<String, LongAdder> requestsByMethod = new ConcurrentHashMap<>();
    private final Map<RequestKind, LongAdder> requestsByKind = new ConcurrentHashMap<>();
    /** API requests by kind, then by how they were answered: the HTTP status, or {@value #DROPPED}. */
    private final Map<RequestKind, Map<String, LongAdder>> answersByKind = new ConcurrentHashMap<>();

    private static final String DROPPED = "dropped";
    private static final String KIND_ATTRIBUTE = "inputs-api.request-kind";

    /** An API path split into the app it names ({@code null}s for the legacy form) and what follows "inputs". */
    private record Route(String userId, String appId, List<String> rest) {}

    ApiHttpHandler(
            InputsService service,
            Map<String, Credential> credentials,
            RateLimiter rateLimiter,
            FaultInjector faults,
            SampleImages samples,
            Consumer<String> log,
            RequestBodies bodies) {
        this.service = service;
        this.credentials = credentials;
        this.rateLimiter = rateLimiter;
        this.faults = faults;
        this.samples = samples;
        this.log = log;
        this.bodies = bodies;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = requestId(exchange);
        try {
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith("/_local/")) {
                handleAdmin(exchange, requestId, path);
            } else if (path.startsWith("/samples/")) {
                handleSample(exchange, requestId, path.substring("/samples/".length()));
            } else if (path.equals("/v2") || path.startsWith("/v2/")) {
                handleApi(exchange, requestId, path);
            } else {
                throw new ApiException(StatusCode.CONN_DOES_NOT_EXIST, "no such path: " + path);
            }
        } catch (ApiException e) {
            send(
                    exchange,
                    requestId,
                    e.httpStatus(),
                    status(e.code(), StatusCode.describe(e.code()), e.details(), requestId));
        } catch (RuntimeException e) {
            send(
                    exchange,
                    requestId,
                    500,
                    status(
                            StatusCode.INTERNAL_SERVER_ISSUE.number(),
                            StatusCode.INTERNAL_SERVER_ISSUE.description(),
                            e.toString(),
                            requestId));
        } finally {
            // Closing before any response was sent drops the connection, which is how DROP faults work.
            exchange.close();
        }
    }

    /** API requests received so far with this HTTP method (faulted and refused ones included). */
    long requests(String method) {
        LongAdder count = requestsByMethod.get(method);
        return count == null ? 0 : count.sum();
    }

    /** API requests received so far of this kind (faulted and refused ones included). */
    long requests(RequestKind kind) {
        LongAdder count = requestsByKind.get(kind);
        return count == null ? 0 : count.sum();
    }

    /**
     * API requests received so far, by kind and then by answer: the HTTP status as text ({@code "200"},
     * {@code "429"}…) or {@code "dropped"} for a connection closed without one.
     */
    Map<RequestKind, Map<String, Long>> answers() {
        Map<RequestKind, Map<String, Long>> answers = new EnumMap<>(RequestKind.class);
        answersByKind.forEach((kind, byAnswer) -> {
            Map<String, Long> counts = new TreeMap<>();
            byAnswer.forEach((answer, count) -> counts.put(answer, count.sum()));
            answers.put(kind, counts);
        });
        return answers;
    }

    private void handleApi(HttpExchange exchange, String requestId, String path) throws IOException {
        RequestKind kind = RequestKind.of(
                exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery());
        requestsByMethod
                .computeIfAbsent(exchange.getRequestMethod(), method -> new LongAdder())
                .increment();
        requestsByKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
        exchange.setAttribute(KIND_ATTRIBUTE, kind);
        pause(faults.latency().toMillis());
        FaultInjector.RequestFault fault = faults.nextRequestFault();
        switch (fault.kind()) {
            case DROP -> {
                countAnswer(exchange, DROPPED);
                logLine(exchange, "dropped", requestId);
                return;
            }
            case FAIL -> throw new ApiException(fault.httpStatus(), fault.code(), "Injected fault");
            case THROTTLE -> throw throttled();
            case NONE -> {}
        }
        Credential credential = authenticate(exchange);
        if (!rateLimiter.tryAcquire(credential.secret())) {
            throw throttled();
        }
        Route route = route(path);
        AppInputs app = resolveApp(credential, route);
        InputsService.Reply reply = dispatch(exchange, route.rest(), app);
        ObjectNode body = status(reply.code().number(), reply.code().description(), null, requestId);
        body.setAll(reply.payload());
        send(exchange, requestId, reply.code().httpStatus(), body);
    }

    private InputsService.Reply dispatch(HttpExchange exchange, List<String> rest, AppInputs app) throws IOException {
        String method = exchange.getRequestMethod();
        QueryParameters query = new QueryParameters(exchange.getRequestURI().getRawQuery());
        if (rest.isEmpty()) {
            return switch (method) {
                case "GET" -> service.list(app, query);
                case "POST" -> service.add(app, body(exchange));
                case "PATCH" -> service.patch(app, body(exchange));
                case "DELETE" -> service.deleteMany(app, body(exchange));
                default -> throw methodNotAllowed(method);
            };
        }
        if (rest.size() == 1 && method.equals("GET") && rest.get(0).equals("status")) {
            return service.counts(app);
        }
        if (rest.size() == 1 && method.equals("GET") && rest.get(0).equals("stream")) {
            return service.stream(app, query);
        }
        if (rest.size() == 3 && rest.get(0).equals("jobs") && rest.get(1).equals("add") && method.equals("GET")) {
            return service.addJob(app, rest.get(2));
        }
        if (rest.size() == 1) {
            return switch (method) {
                case "GET" -> service.get(app, rest.get(0));
                case "DELETE" -> service.deleteOne(app, rest.get(0));
                default -> throw methodNotAllowed(method);
            };
        }
        throw new ApiException(
                StatusCode.CONN_DOES_NOT_EXIST,
                "no such path: " + exchange.getRequestURI().getPath());
    }

    /**
     * Exactly {@code Key <secret>} (docs/clarifai-api-notes.md#paths): missing is 11009, malformed 11102, unknown
     * 11008, all with HTTP 401.
     */
    private Credential authenticate(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            throw new ApiException(401, StatusCode.CONN_KEY_NOT_FOUND.number(), "no Authorization header");
        }
        String secret = header.startsWith(AUTHORIZATION_PREFIX) ? header.substring(AUTHORIZATION_PREFIX.length()) : "";
        if (secret.isEmpty() || secret.chars().anyMatch(Character::isWhitespace)) {
            throw new ApiException(
                    401, StatusCode.CONN_INVALID_REQUEST.number(), "Empty or malformed authorization header");
        }
        Credential credential = credentials.get(secret);
        if (credential == null) {
            throw new ApiException(StatusCode.CONN_KEY_INVALID, "the key is not valid");
        }
        return credential;
    }

    /**
     * {@code me} stands for the key's user (docs/clarifai-api-notes.md#paths); an app key only opens its own app, a PAT
     * any app of its user.
     */
    private AppInputs resolveApp(Credential credential, Route route) {
        if (route.userId() == null) {
            if (credential.isPersonalAccessToken()) {
                throw new ApiException(
                        StatusCode.CONN_INVALID_REQUEST,
                        "a personal access token needs the /v2/users/{user_id}/apps/{app_id} path");
            }
            return service.app(credential.userId(), credential.appId());
        }
        String userId = route.userId().equals("me") ? credential.userId() : route.userId();
        if (!userId.equals(credential.userId())) {
            throw new ApiException(StatusCode.CONN_KEY_INVALID, "the key does not belong to user " + userId);
        }
        if (!credential.isPersonalAccessToken() && !route.appId().equals(credential.appId())) {
            throw new ApiException(StatusCode.CONN_KEY_INVALID, "the key does not belong to app " + route.appId());
        }
        return service.app(userId, route.appId());
    }

    /** {@code /v2/inputs...} or {@code /v2/users/{user_id}/apps/{app_id}/inputs...}; trailing slashes ignored. */
    private static Route route(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(QueryParameters.decode(segment.replace("+", "%2B")));
            }
        }
        if (segments.size() >= 2 && segments.get(1).equals("inputs")) {
            return new Route(null, null, segments.subList(2, segments.size()));
        }
        if (segments.size() >= 6
                && segments.get(1).equals("users")
                && segments.get(3).equals("apps")
                && segments.get(5).equals("inputs")) {
            return new Route(segments.get(2), segments.get(4), segments.subList(6, segments.size()));
        }
        throw new ApiException(StatusCode.CONN_DOES_NOT_EXIST, "no such path: " + rawPath);
    }

    /**
     * The key is required here as on the API, so that a web page open in the user's browser cannot change the faults or
     * wipe the inputs (a cross-site request carries no Authorization header).
     */
    private void handleAdmin(HttpExchange exchange, String requestId, String path) throws IOException {
        authenticate(exchange);
        String method = exchange.getRequestMethod();
        if (path.equals("/_local/faults")) {
            switch (method) {
                case "GET" -> {}
                case "POST" -> {
                    try {
                        faults.apply(body(exchange));
                    } catch (IllegalArgumentException e) {
                        throw RequestParsing.badFormat(e.getMessage());
                    }
                }
                case "DELETE" -> faults.clear();
                default -> throw methodNotAllowed(method);
            }
            ObjectNode body = status(StatusCode.SUCCESS.number(), StatusCode.SUCCESS.description(), null, requestId);
            body.set("faults", faults.toJson());
            send(exchange, requestId, 200, body);
        } else if (path.equals("/_local/requests") && method.equals("GET")) {
            ObjectNode body = status(StatusCode.SUCCESS.number(), StatusCode.SUCCESS.description(), null, requestId);
            ObjectNode requests = body.putObject("requests");
            answers().forEach((kind, byAnswer) -> {
                ObjectNode counts = requests.putObject(kind.wireName());
                counts.put(
                        "total",
                        byAnswer.values().stream().mapToLong(Long::longValue).sum());
                byAnswer.forEach(counts::put);
            });
            send(exchange, requestId, 200, body);
        } else if (path.equals("/_local/reset") && method.equals("POST")) {
            service.reset();
            rateLimiter.reset();
            faults.clear();
            send(
                    exchange,
                    requestId,
                    200,
                    status(StatusCode.SUCCESS.number(), StatusCode.SUCCESS.description(), null, requestId));
        } else {
            throw new ApiException(StatusCode.CONN_DOES_NOT_EXIST, "no such path: " + path);
        }
    }

    private void handleSample(HttpExchange exchange, String requestId, String name) throws IOException {
        SampleImages.Sample sample = samples == null
                ? null
                : samples.find(QueryParameters.decode(name)).orElse(null);
        if (sample == null || !exchange.getRequestMethod().equals("GET")) {
            throw new ApiException(StatusCode.CONN_DOES_NOT_EXIST, "no sample image named " + name);
        }
        exchange.getResponseHeaders().set("Content-Type", sample.contentType());
        exchange.sendResponseHeaders(200, sample.bytes().length);
        exchange.getResponseBody().write(sample.bytes());
        logLine(exchange, "200", requestId);
    }

    /** An add carries image bytes, so it may be larger than any other request. */
    private JsonNode body(HttpExchange exchange) throws IOException {
        boolean add = exchange.getRequestMethod().equals("POST")
                && !exchange.getRequestURI().getRawPath().startsWith("/_local/");
        return bodies.read(exchange, add ? RequestBodies.MAX_ADD_BYTES : RequestBodies.MAX_OTHER_BYTES);
    }

    private ApiException throttled() {
        int limit = rateLimiter.requestsPerSecond() > 0 ? rateLimiter.requestsPerSecond() : PLATFORM_RATE_LIMIT;
        return new ApiException(
                429, StatusCode.CONN_THROTTLED.number(), "exceeded limit of " + limit + " requests per second");
    }

    private static ApiException methodNotAllowed(String method) {
        return new ApiException(StatusCode.CONN_METHOD_NOT_ALLOWED, "method " + method + " is not allowed here");
    }

    private static ObjectNode status(int code, String description, String details, String requestId) {
        ObjectNode body = ProtoJson.MAPPER.createObjectNode();
        body.set("status", ProtoJson.status(code, description, details).put("req_id", requestId));
        return body;
    }

    private void send(HttpExchange exchange, String requestId, int httpStatus, ObjectNode body) throws IOException {
        byte[] bytes = ProtoJson.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Clarifai-Request-Id", requestId);
        exchange.sendResponseHeaders(httpStatus, bytes.length);
        exchange.getResponseBody().write(bytes);
        countAnswer(exchange, Integer.toString(httpStatus));
        logLine(exchange, Integer.toString(httpStatus), requestId);
    }

    private void countAnswer(HttpExchange exchange, String answer) {
        if (exchange.getAttribute(KIND_ATTRIBUTE) instanceof RequestKind kind) {
            answersByKind
                    .computeIfAbsent(kind, k -> new ConcurrentHashMap<>())
                    .computeIfAbsent(answer, a -> new LongAdder())
                    .increment();
        }
    }

    private void logLine(HttpExchange exchange, String outcome, String requestId) {
        if (log != null) {
            // The repository's one log format (functions' LogLine): a JSON object with event and the shared
            // camelCase field names at the top level.
            ObjectNode line = ProtoJson.MAPPER
                    .createObjectNode()
                    .put("event", "inputs-api.request")
                    .put("method", exchange.getRequestMethod())
                    .put("path", exchange.getRequestURI().getRawPath());
            if (outcome.chars().allMatch(Character::isDigit)) {
                line.put("httpStatus", Integer.parseInt(outcome));
            } else {
                line.put("outcome", outcome);
            }
            log.accept(line.put("requestId", requestId).toString());
        }
    }

    /**
     * Honours {@code X-Clarifai-Request-ID-Prefix}, which the Python JSON channel sends
     * (docs/clarifai-api-notes.md#paths).
     */
    private static String requestId(HttpExchange exchange) {
        String random = UUID.randomUUID().toString().replace("-", "");
        String prefix = exchange.getRequestHeaders().getFirst("X-Clarifai-Request-ID-Prefix");
        return prefix == null || prefix.isBlank() ? random : prefix + "-" + random;
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

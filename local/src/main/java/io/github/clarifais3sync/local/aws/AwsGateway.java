package io.github.clarifais3sync.local.aws;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.github.clarifais3sync.local.aws.S3Request.ObjectChange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP endpoint for every emulated service, like LocalStack's edge port: each request goes to the emulator named
 * by the service of its SigV4 credential scope ({@code s3}, {@code sqs}, {@code dynamodb}, {@code secretsmanager});
 * unsigned requests go to S3. Requests and responses are streamed through unchanged except for hop-by-hop headers.
 * Successful S3 object writes and deletes also produce S3 event notifications, see {@link #onS3Event(Consumer)}.
 * S3 must be addressed path-style (SDK {@code forcePathStyle(true)}; SDKs and the AWS CLI do so for IP endpoints).
 */
public final class AwsGateway implements AutoCloseable {
    public static final String S3 = "s3";
    public static final String SQS = "sqs";
    public static final String DYNAMODB = "dynamodb";
    public static final String SECRETS_MANAGER = "secretsmanager";

    private static final Logger LOG = LoggerFactory.getLogger(AwsGateway.class);
    /** Hop-by-hop headers (RFC 9110 §7.6.1) and those java.net.http.HttpClient sets itself and refuses. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "http2-settings",
            "date");
    /** Headers describing an aws-chunked body; replaced when the gateway decodes it (see AwsChunkedDecoder). */
    private static final Set<String> AWS_CHUNKED_HEADERS = Set.of("content-encoding", "x-amz-content-sha256",
            "x-amz-decoded-content-length", "x-amz-trailer");
    private static final String AWS_CHUNKED = "aws-chunked";

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final S3EventNotifier notifier;
    private final URI endpoint;

    private record Route(URI backend, HttpHandler handler) {
    }

    private AwsGateway(HttpServer server, String region) {
        this.server = server;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.notifier = new S3EventNotifier(region, client);
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
    }

    /**
     * Binds the port (0 for any free one) on 127.0.0.1 without serving yet, so that the emulators can be told the
     * address before {@link #start()}.
     */
    public static AwsGateway bind(int port, String region) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        return new AwsGateway(server, region);
    }

    public void start() {
        server.start();
        LOG.info("event=gateway_started endpoint={} services={}", endpoint, routes.keySet());
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Sends the service's requests to an emulator listening at {@code backend}. */
    public void route(String service, URI backend) {
        routes.put(service, new Route(backend, null));
        if (S3.equals(service)) {
            notifier.s3Backend(backend);
        }
    }

    /** Serves the service's requests in-process. */
    public void route(String service, HttpHandler handler) {
        routes.put(service, new Route(null, handler));
    }

    /**
     * Registers a listener for S3 event notifications. Listeners run one notification at a time on a single thread,
     * in the order the gateway queued them, after the S3 response was sent.
     */
    public void onS3Event(Consumer<S3Notification> listener) {
        notifier.addListener(listener);
    }

    /** Waits until every S3 notification queued so far reached the listeners. */
    public void awaitS3Events(Duration timeout) throws InterruptedException, TimeoutException {
        notifier.awaitDelivered(timeout);
    }

    @Override
    public void close() throws InterruptedException {
        server.stop(0);
        handlers.shutdown();
        notifier.close();
        client.close();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String service = CredentialScope.service(exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestURI().getRawQuery()).orElse(S3);
            Route route = routes.get(service);
            if (route == null) {
                sendError(exchange, 400, "UnsupportedService", "No emulator for service " + service);
            } else if (route.handler() != null) {
                route.handler().handle(exchange);
            } else if (S3.equals(service)) {
                proxyS3(exchange, route.backend());
            } else {
                proxy(exchange, route.backend());
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("event=gateway_request_failed method={} path=\"{}\" error=\"{}\"", exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), e.toString());
            sendErrorQuietly(exchange, 502, "BadGateway", e.toString());
        }
    }

    private void proxy(HttpExchange exchange, URI backend) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = forward(exchange, backend, null);
        relay(exchange, response.statusCode(), response.headers(), response.body());
    }

    private void proxyS3(HttpExchange exchange, URI backend) throws IOException, InterruptedException {
        URI uri = exchange.getRequestURI();
        S3Request s3 = S3Request.of(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                exchange.getRequestHeaders());
        if (!s3.notifies()) {
            proxy(exchange, backend);
            return;
        }
        byte[] requestBody = s3.needsRequestBody() ? readRequestBody(exchange) : null;
        HttpResponse<InputStream> response = forward(exchange, backend, requestBody);
        byte[] responseBody = s3.needsResponseBody() ? readAll(response.body()) : null;
        List<ObjectChange> changes = s3.changes(response.statusCode(), response.headers(), requestBody,
                responseBody);
        CompletableFuture<Void> responseSent = new CompletableFuture<>();
        if (!changes.isEmpty()) {
            String requestId = response.headers().firstValue("x-amz-request-id")
                    .orElseGet(() -> UUID.randomUUID().toString());
            notifier.publish(changes, requestId, exchange.getRemoteAddress().getAddress().getHostAddress(),
                    responseSent);
        }
        try {
            relay(exchange, response.statusCode(), response.headers(),
                    responseBody == null ? response.body() : new ByteArrayInputStream(responseBody));
            exchange.close();
        } finally {
            responseSent.complete(null);
        }
    }

    /**
     * Sends the request on; the body streams from the client unless it was already read into {@code body}. An
     * aws-chunked body is decoded on the way, so that S3Proxy receives the plain payload with its length.
     */
    private HttpResponse<InputStream> forward(HttpExchange exchange, URI backend, byte[] body)
            throws IOException, InterruptedException {
        URI uri = exchange.getRequestURI();
        String target = backend + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target));
        Headers headers = exchange.getRequestHeaders();
        boolean awsChunked = isAwsChunked(headers);
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(lower) && !(awsChunked && AWS_CHUNKED_HEADERS.contains(lower))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        if (awsChunked) {
            request.header("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
            String otherEncodings = String.join(",", otherContentEncodings(headers));
            if (!otherEncodings.isEmpty()) {
                request.header("Content-Encoding", otherEncodings);
            }
        }
        request.method(exchange.getRequestMethod(), bodyPublisher(exchange, headers, awsChunked, body));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static HttpRequest.BodyPublisher bodyPublisher(HttpExchange exchange, Headers headers, boolean awsChunked,
            byte[] body) {
        if (body != null) {
            return body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body);
        }
        Supplier<InputStream> stream = awsChunked
                ? () -> new AwsChunkedDecoder(exchange.getRequestBody()) : exchange::getRequestBody;
        String length = headers.getFirst(awsChunked ? "x-amz-decoded-content-length" : "Content-Length");
        if (length == null && (awsChunked || headers.containsKey("Transfer-Encoding"))) {
            // Unknown length: the backend receives it chunked.
            return HttpRequest.BodyPublishers.ofInputStream(stream);
        }
        long contentLength = length == null ? 0 : Long.parseLong(length.trim());
        if (contentLength == 0) {
            if (awsChunked) {
                // Consume the framing of an empty payload so that the connection stays usable.
                try (InputStream empty = stream.get()) {
                    empty.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return HttpRequest.BodyPublishers.noBody();
        }
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(stream),
                contentLength);
    }

    private static byte[] readRequestBody(HttpExchange exchange) throws IOException {
        InputStream body = exchange.getRequestBody();
        try (InputStream in = isAwsChunked(exchange.getRequestHeaders()) ? new AwsChunkedDecoder(body) : body) {
            return in.readAllBytes();
        }
    }

    private static boolean isAwsChunked(Headers headers) {
        return contentEncodings(headers).anyMatch(AWS_CHUNKED::equalsIgnoreCase);
    }

    private static List<String> otherContentEncodings(Headers headers) {
        return contentEncodings(headers).filter(encoding -> !encoding.equalsIgnoreCase(AWS_CHUNKED)).toList();
    }

    private static Stream<String> contentEncodings(Headers headers) {
        return headers.getOrDefault("Content-Encoding", List.of()).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(encoding -> !encoding.isEmpty());
    }

    private static void relay(HttpExchange exchange, int status, HttpHeaders headers, InputStream body)
            throws IOException {
        try (body) {
            Headers out = exchange.getResponseHeaders();
            headers.map().forEach((name, values) -> {
                if (!name.startsWith(":") && !NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    out.put(name, values);
                }
            });
            long length = headers.firstValueAsLong("Content-Length").orElse(-1);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            if (head || status == 204 || status == 304 || status < 200) {
                // HttpServer sends no Content-Length for these; a HEAD answer must still carry the object's.
                if (head && length >= 0) {
                    out.set("Content-Length", Long.toString(length));
                }
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            // sendResponseHeaders: -1 means no body, 0 means chunked.
            exchange.sendResponseHeaders(status, length == 0 ? -1 : Math.max(length, 0));
            if (length != 0) {
                try (OutputStream response = exchange.getResponseBody()) {
                    body.transferTo(response);
                }
            }
        }
    }

    private static byte[] readAll(InputStream body) throws IOException {
        try (body) {
            return body.readAllBytes();
        }
    }

    private static void sendError(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>"
                + message.replace("&", "&amp;").replace("<", "&lt;") + "</Message></Error>")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, xml.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(xml);
        }
    }

    private static void sendErrorQuietly(HttpExchange exchange, int status, String code, String message) {
        try {
            sendError(exchange, status, code, message);
        } catch (IOException | RuntimeException ignored) {
            // The response had already started; the client sees a broken connection.
        }
    }
}

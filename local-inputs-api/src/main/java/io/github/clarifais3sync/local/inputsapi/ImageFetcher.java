package io.github.clarifais3sync.local.inputsapi;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Downloads a URL input the way Clarifai's workers do after the add returned
 * (https://docs.clarifai.com/create-manage/inputs/upload, docs/clarifai-api-notes.md#limits): no connection gives 39996
 * INPUT_CONNECTION_FAILED; an HTTP error status, a broken transfer, a download not finished within the fetch timeout
 * (headers and body together, so an origin trickling bytes cannot hold a download slot for ever) or any other error gives
 * 30002 INPUT_FAILED; more than the size limit gives 30105; a host the {@link FetchPolicy} refuses, the first URL's or
 * a redirect's, gives 30106. Sample URLs are answered from {@link SampleImages} when enabled. At most
 * {@value #MAX_CONCURRENT_FETCHES} downloads run at once, over one HTTP/1.1 client's pooled connections, so that an add
 * of 128 URL inputs does not open 128 connections at once (the rest wait their turn, as queued work does).
 */
final class ImageFetcher implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_CONCURRENT_FETCHES = 16;
    /** The JDK client's own default when it follows redirects (jdk.httpclient.redirects.retrylimit). */
    static final int MAX_REDIRECTS = 5;

    private final HttpClient client;
    private final Duration timeout;
    private final SampleImages samples;
    private final ImageInspector inspector;
    private final FetchPolicy policy;
    private final Semaphore fetches = new Semaphore(MAX_CONCURRENT_FETCHES, true);
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("image-fetch-deadlines").factory());

    record Download(byte[] bytes, ProcessingResult failure) {
        static Download failed(StatusCode code, String details) {
            return new Download(null, ProcessingResult.failure(code, details));
        }
    }

    /** @param samples {@code null} to fetch sample URLs from the real host */
    ImageFetcher(Duration timeout, SampleImages samples, ImageInspector inspector, FetchPolicy policy) {
        // Redirects are followed here, not by the client, so that each hop's host is checked against the policy.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.timeout = timeout;
        this.samples = samples;
        this.inspector = inspector;
        this.policy = policy;
    }

    Download fetch(String url) {
        try {
            URI uri = new URI(url);
            if (samples != null && SampleImages.isSampleHost(uri.getHost())) {
                String name = uri.getPath() == null
                        ? ""
                        : uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1);
                return samples.find(name)
                        .map(sample -> new Download(sample.bytes(), null))
                        .orElseGet(() -> Download.failed(StatusCode.INPUT_FAILED, "HTTP 404 fetching " + url));
            }
            fetches.acquire();
            try {
                return download(uri, System.nanoTime() + timeout.toNanos());
            } finally {
                fetches.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Download.failed(StatusCode.INPUT_FAILED, "Interrupted fetching " + url);
        } catch (URISyntaxException | RuntimeException e) {
            // E.g. a port out of range: the URL passed the add's checks, yet no request can be made of it.
            return Download.failed(StatusCode.INPUT_FAILED, "Could not fetch " + url + ": " + describe(e));
        }
    }

    private Download download(URI first, long deadline) throws InterruptedException {
        URI uri = first;
        for (int redirects = 0; ; redirects++) {
            String refusal = policy.refusal(uri);
            if (refusal != null) {
                return Download.failed(StatusCode.INPUT_INVALID_URL, "Not fetched: " + refusal);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return timedOut(uri);
            }
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofNanos(left))
                    .GET()
                    .build();
            try {
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                Optional<String> location = response.headers().firstValue("Location");
                if (response.statusCode() / 100 == 3 && location.isPresent()) {
                    response.body().close();
                    if (redirects == MAX_REDIRECTS) {
                        return Download.failed(
                                StatusCode.INPUT_FAILED, "More than " + MAX_REDIRECTS + " redirects fetching " + first);
                    }
                    uri = uri.resolve(location.get());
                    continue;
                }
                return read(uri, response, deadline);
            } catch (HttpConnectTimeoutException e) {
                return Download.failed(StatusCode.INPUT_CONNECTION_FAILED, "Timed out connecting to " + uri.getHost());
            } catch (HttpTimeoutException e) {
                return timedOut(uri);
            } catch (ConnectException | UnknownHostException e) {
                return Download.failed(
                        StatusCode.INPUT_CONNECTION_FAILED,
                        "Could not connect to " + uri.getHost() + ": " + describe(e));
            } catch (IOException e) {
                return Download.failed(StatusCode.INPUT_FAILED, "Transfer failed fetching " + uri + ": " + describe(e));
            }
        }
    }

    /** Reads the body until the deadline, when the stream is closed under the reading thread. */
    private Download read(URI uri, HttpResponse<InputStream> response, long deadline) throws IOException {
        AtomicBoolean expired = new AtomicBoolean();
        try (InputStream body = response.body()) {
            if (response.statusCode() >= 400) {
                return Download.failed(StatusCode.INPUT_FAILED, "HTTP " + response.statusCode() + " fetching " + uri);
            }
            long maxBytes = inspector.maxBytes();
            long declared =
                    response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                return new Download(null, inspector.tooLarge(declared));
            }
            ScheduledFuture<?> expiry = deadlines.schedule(
                    () -> {
                        expired.set(true);
                        closeQuietly(body);
                    },
                    deadline - System.nanoTime(),
                    TimeUnit.NANOSECONDS);
            byte[] bytes;
            try {
                bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            } finally {
                expiry.cancel(false);
            }
            if (expired.get()) {
                return timedOut(uri);
            }
            return bytes.length > maxBytes
                    ? new Download(null, inspector.tooLarge(bytes.length))
                    : new Download(bytes, null);
        } catch (IOException e) {
            if (expired.get()) {
                return timedOut(uri);
            }
            throw e;
        }
    }

    private Download timedOut(URI uri) {
        return Download.failed(
                StatusCode.INPUT_FAILED, "Timed out after " + timeout.toMillis() + " ms fetching " + uri);
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // The reader sees the stream closed either way.
        }
    }

    private static String describe(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
                return "host not found";
            }
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause.getMessage() != null) {
                return cause.getMessage();
            }
        }
        return error.getClass().getSimpleName();
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        client.close();
    }
}

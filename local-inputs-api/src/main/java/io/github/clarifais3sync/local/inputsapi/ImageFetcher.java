package io.github.clarifais3sync.local.inputsapi;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * Downloads a URL input the way Clarifai's workers do after the add returned
 * (https://docs.clarifai.com/create-manage/inputs/upload, docs/clarifai-api-notes.md#limits): no connection gives 39996
 * INPUT_CONNECTION_FAILED; an HTTP error status, a timeout or a broken transfer gives 30002 INPUT_FAILED; more than
 * the size limit gives 30105. Sample URLs are answered from {@link SampleImages} when enabled. At most
 * {@value #MAX_CONCURRENT_FETCHES} downloads run at once, over one HTTP/1.1 client's pooled connections, so that an add
 * of 128 URL inputs does not open 128 connections at once (the rest wait their turn, as queued work does).
 */
final class ImageFetcher implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_CONCURRENT_FETCHES = 16;

    private final HttpClient client;
    private final Duration timeout;
    private final SampleImages samples;
    private final ImageInspector inspector;
    private final Semaphore fetches = new Semaphore(MAX_CONCURRENT_FETCHES, true);

    record Download(byte[] bytes, ProcessingResult failure) {
        static Download failed(StatusCode code, String details) {
            return new Download(null, ProcessingResult.failure(code, details));
        }
    }

    /** @param samples {@code null} to fetch sample URLs from the real host */
    ImageFetcher(Duration timeout, SampleImages samples, ImageInspector inspector) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.timeout = timeout;
        this.samples = samples;
        this.inspector = inspector;
    }

    Download fetch(String url) {
        URI uri = URI.create(url);
        if (samples != null && SampleImages.isSampleHost(uri.getHost())) {
            String name = uri.getPath() == null ? "" : uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1);
            return samples.find(name)
                    .map(sample -> new Download(sample.bytes(), null))
                    .orElseGet(() -> Download.failed(StatusCode.INPUT_FAILED, "HTTP 404 fetching " + url));
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        try {
            fetches.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Download.failed(StatusCode.INPUT_FAILED, "Interrupted fetching " + url);
        }
        try {
            return download(uri, url, request);
        } finally {
            fetches.release();
        }
    }

    private Download download(URI uri, String url, HttpRequest request) {
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() >= 400) {
                    return Download.failed(StatusCode.INPUT_FAILED,
                            "HTTP " + response.statusCode() + " fetching " + url);
                }
                long maxBytes = inspector.maxBytes();
                long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (declared > maxBytes) {
                    return new Download(null, inspector.tooLarge(declared));
                }
                byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                return bytes.length > maxBytes ? new Download(null, inspector.tooLarge(bytes.length))
                        : new Download(bytes, null);
            }
        } catch (HttpConnectTimeoutException e) {
            return Download.failed(StatusCode.INPUT_CONNECTION_FAILED, "Timed out connecting to " + uri.getHost());
        } catch (HttpTimeoutException e) {
            return Download.failed(StatusCode.INPUT_FAILED, "Timed out after " + timeout.toMillis() + " ms fetching "
                    + url);
        } catch (ConnectException | UnknownHostException e) {
            return Download.failed(StatusCode.INPUT_CONNECTION_FAILED, "Could not connect to " + uri.getHost() + ": "
                    + describe(e));
        } catch (IOException e) {
            return Download.failed(StatusCode.INPUT_FAILED, "Transfer failed fetching " + url + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Download.failed(StatusCode.INPUT_FAILED, "Interrupted fetching " + url);
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
        client.close();
    }
}

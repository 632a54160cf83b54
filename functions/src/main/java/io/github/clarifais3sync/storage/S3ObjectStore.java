package io.github.clarifais3sync.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * {@link ObjectStore} as four signed S3 REST calls: HEAD Object, GET Object, GET Object tagging and a presigned GET
 * URL, signed with the
 * AWS SDK's own Signature Version 4 signer and sent on the functions' one HTTP client. It takes the place of the SDK's
 * S3 client, whose module (4.4 MB of model classes for every S3 operation) alone made the deployment package miss
 * its 12 MB limit (docs/benchmarks.md "Package"); these four calls are all the functions make.
 *
 * <p>S3's signing rules: the path is encoded once and not normalized, and the payload is {@code UNSIGNED-PAYLOAD}
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html). Calls that fail with a network error,
 * 5xx or 429 are tried {@link #MAX_ATTEMPTS} times in all, with jittered exponential backoff, as the SDK's standard
 * retry mode does (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
 */
public final class S3ObjectStore implements ObjectStore {

    /** Attempts per call, first included: the same as every other AWS client of the functions. */
    public static final int MAX_ATTEMPTS = 3;

    private static final Duration BACKOFF_BASE = Duration.ofMillis(100);
    private static final String USER_METADATA_PREFIX = "x-amz-meta-";
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    /** Most bytes read of a tag set or an error document (S3's are a few kilobytes at most). */
    private static final long MAX_DOCUMENT_BYTES = 1024 * 1024;

    private final S3Endpoint endpoint;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final Clock clock;

    public S3ObjectStore(S3Endpoint endpoint, AwsCredentialsProvider credentials, SdkHttpClient http, Clock clock) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.http = http;
        this.clock = clock;
    }

    /** S3's answer other than success, or the network's failure, after the retries. */
    public static final class S3CallException extends RuntimeException {
        private final int statusCode;

        S3CallException(String message, int statusCode, Throwable cause) {
            super(message, cause);
            this.statusCode = statusCode;
        }

        /** The HTTP status, or 0 when no answer came. */
        public int statusCode() {
            return statusCode;
        }
    }

    @Override
    public Optional<StoredObject> head(String bucket, String key, String versionId) {
        Response response = call(SdkHttpMethod.HEAD, bucket, key, versionId);
        // HEAD has no body, so a missing object or version is a bare 404, and a version that is a delete marker a bare
        // 405 (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html).
        if (response.status() == 404 || response.status() == 405) {
            return Optional.empty();
        }
        if (response.status() == 403) {
            throw new S3CallException(
                    "S3 HEAD s3://" + bucket + "/" + key + " answered 403: access denied, or the "
                            + "object is missing and the role may not s3:ListBucket the bucket",
                    403,
                    null);
        }
        requireSuccess(response, "HEAD", bucket, key);
        Map<String, String> userMetadata = new TreeMap<>();
        response.headers().forEach((name, values) -> {
            if (name.toLowerCase(Locale.ROOT).startsWith(USER_METADATA_PREFIX) && !values.isEmpty()) {
                userMetadata.put(name.substring(USER_METADATA_PREFIX.length()), values.get(0));
            }
        });
        String length = response.header("Content-Length");
        return Optional.of(new StoredObject(
                length == null ? 0 : Long.parseLong(length.strip()),
                response.header("ETag"),
                response.header("Content-Type"),
                response.header("x-amz-version-id"),
                userMetadata));
    }

    @Override
    public String presignedGetUrl(String bucket, String key, String versionId, Duration ttl) {
        return signer.sign(r -> signing(r, request(SdkHttpMethod.GET, bucket, key, versionId))
                        .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, ttl))
                .request()
                .getUri()
                .toString();
    }

    /**
     * A GET bounded twice over: {@code If-Match} on the HEAD's eTag, so an object overwritten since is refused with 412
     * rather than read, and {@code Range} for one byte more than allowed, so S3 never sends more than that; the body is
     * read only that far even if a server ignored the range
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html).
     */
    @Override
    public byte[] read(String bucket, String key, String versionId, String eTag, long maxBytes) {
        if (maxBytes < 0 || maxBytes == Long.MAX_VALUE) {
            throw new IllegalArgumentException("maxBytes must be from 0 to Long.MAX_VALUE - 1, was " + maxBytes);
        }
        Map<String, String> conditions = new LinkedHashMap<>();
        if (eTag != null && !eTag.isEmpty()) {
            conditions.put("If-Match", eTag.startsWith("\"") ? eTag : "\"" + eTag + "\"");
        }
        conditions.put("Range", "bytes=0-" + maxBytes);
        Response response = call(SdkHttpMethod.GET, bucket, key, versionId, null, conditions, maxBytes + 1);
        if (response.status() == 416) {
            // A range from byte 0 is unsatisfiable only for an empty object.
            return new byte[0];
        }
        if (response.status() == 412) {
            throw new S3CallException(
                    "S3 GET s3://" + bucket + "/" + key + " answered 412: the object changed after " + "its HEAD (eTag "
                            + eTag + ")",
                    412,
                    null);
        }
        requireSuccess(response, "GET", bucket, key);
        if (response.body().length > maxBytes) {
            throw new S3CallException(
                    "S3 GET s3://" + bucket + "/" + key + " is longer than " + maxBytes
                            + " bytes: the object changed after its HEAD",
                    response.status(),
                    null);
        }
        return response.body();
    }

    /**
     * GetObjectTagging (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectTagging.html): a missing key or
     * version answers 404 (NoSuchKey / NoSuchVersion), a delete marker 405 (MethodNotAllowed); both mean "no tags to
     * follow".
     */
    @Override
    public Optional<Map<String, String>> tags(String bucket, String key, String versionId) {
        Response response = call(SdkHttpMethod.GET, bucket, key, versionId, "tagging");
        if (response.status() == 404 || response.status() == 405) {
            return Optional.empty();
        }
        requireSuccess(response, "GET tagging", bucket, key);
        return Optional.of(tagSet(response.body()));
    }

    /**
     * The {@code <Tagging><TagSet><Tag><Key/><Value/></Tag>…} document, in S3's order. Read with three patterns rather
     * than the JDK's XML parser, whose ~120 classes were a tenth of a second of the upload function's cold start: the
     * document is S3's own, flat, with the five predefined entities and character references as its only escapes.
     */
    static Map<String, String> tagSet(byte[] xml) {
        String document = new String(xml, StandardCharsets.UTF_8);
        if (!document.contains("<Tagging") || !TAG_SET.matcher(document).find()) {
            throw new S3CallException(
                    "S3 GET tagging answered a document that is not a tag set: "
                            + document.substring(0, Math.min(200, document.length())),
                    200,
                    null);
        }
        Map<String, String> result = new LinkedHashMap<>();
        Matcher tag = TAG.matcher(document);
        while (tag.find()) {
            result.put(unescape(element(tag.group(1), TAG_KEY)), unescape(element(tag.group(1), TAG_VALUE)));
        }
        return result;
    }

    private static final Pattern TAG_SET = Pattern.compile("<TagSet\\s*/?>");
    private static final Pattern TAG = Pattern.compile("<Tag>(.*?)</Tag>", Pattern.DOTALL);
    private static final Pattern TAG_KEY = Pattern.compile("<Key>(.*?)</Key>", Pattern.DOTALL);
    private static final Pattern TAG_VALUE = Pattern.compile("<Value>(.*?)</Value>", Pattern.DOTALL);
    private static final Pattern ENTITY = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);");

    private static String element(String tag, Pattern element) {
        Matcher matcher = element.matcher(tag);
        return matcher.find() ? matcher.group(1) : "";
    }

    private static String unescape(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        return ENTITY.matcher(text)
                .replaceAll(entity -> Matcher.quoteReplacement(
                        switch (entity.group(1)) {
                            case "amp" -> "&";
                            case "lt" -> "<";
                            case "gt" -> ">";
                            case "quot" -> "\"";
                            case "apos" -> "'";
                            default ->
                                Character.toString(
                                        entity.group(1).startsWith("#x")
                                                ? Integer.parseInt(
                                                        entity.group(1).substring(2), 16)
                                                : Integer.parseInt(
                                                        entity.group(1).substring(1)));
                        }));
    }

    private record Response(int status, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                    return header.getValue().get(0);
                }
            }
            return null;
        }
    }

    private static void requireSuccess(Response response, String method, String bucket, String key) {
        if (response.status() / 100 != 2) {
            Matcher code = ERROR_CODE.matcher(new String(response.body(), StandardCharsets.UTF_8));
            throw new S3CallException(
                    "S3 " + method + " s3://" + bucket + "/" + key + " answered " + response.status()
                            + (code.find() ? " " + code.group(1) : ""),
                    response.status(),
                    null);
        }
    }

    private Response call(SdkHttpMethod method, String bucket, String key, String versionId) {
        return call(method, bucket, key, versionId, null);
    }

    private Response call(SdkHttpMethod method, String bucket, String key, String versionId, String subresource) {
        return call(method, bucket, key, versionId, subresource, Map.of(), MAX_DOCUMENT_BYTES);
    }

    /** @param bodyLimit bytes of the body read at most; what comes after is left unread */
    private Response call(
            SdkHttpMethod method,
            String bucket,
            String key,
            String versionId,
            String subresource,
            Map<String, String> headers,
            long bodyLimit) {
        for (int attempt = 1; ; attempt++) {
            try {
                Response response = send(method, bucket, key, versionId, subresource, headers, bodyLimit);
                if (!retryable(response.status()) || attempt == MAX_ATTEMPTS) {
                    return response;
                }
            } catch (IOException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw new S3CallException("S3 " + method + " s3://" + bucket + "/" + key + " failed: " + e, 0, e);
                }
            }
            backOff(attempt);
        }
    }

    private static boolean retryable(int status) {
        return status >= 500 || status == 429;
    }

    private static void backOff(int attempt) {
        long ceiling = BACKOFF_BASE.toMillis() << (attempt - 1);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new S3CallException("interrupted while backing off", 0, e);
        }
    }

    private Response send(
            SdkHttpMethod method,
            String bucket,
            String key,
            String versionId,
            String subresource,
            Map<String, String> headers,
            long bodyLimit)
            throws IOException {
        SdkHttpRequest.Builder unsigned = request(method, bucket, key, versionId, subresource).toBuilder();
        headers.forEach(unsigned::putHeader);
        SdkHttpRequest signed = signer.sign(r -> signing(r, unsigned.build())).request();
        ExecutableHttpRequest call =
                http.prepareRequest(HttpExecuteRequest.builder().request(signed).build());
        HttpExecuteResponse response = call.call();
        byte[] body = new byte[0];
        if (response.responseBody().isPresent()) {
            try (InputStream in = response.responseBody().get()) {
                body = in.readNBytes((int) Math.min(bodyLimit, Integer.MAX_VALUE - 8));
                if (in.read() != -1) {
                    // More than the limit: the rest is not read, and the connection is not reused for it.
                    call.abort();
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return new Response(
                response.httpResponse().statusCode(), response.httpResponse().headers(), body);
    }

    /** The unsigned request; {@link #signing} adds what S3's signature needs. */
    SdkHttpRequest request(SdkHttpMethod method, String bucket, String key, String versionId) {
        return request(method, bucket, key, versionId, null);
    }

    private SdkHttpRequest request(
            SdkHttpMethod method, String bucket, String key, String versionId, String subresource) {
        URI uri = endpoint.objectUri(bucket, key);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(method)
                .protocol(uri.getScheme())
                .host(uri.getHost())
                .port(uri.getPort() == -1 ? null : uri.getPort())
                .encodedPath(uri.getRawPath());
        if (subresource != null) {
            request.appendRawQueryParameter(subresource, null);
        }
        if (versionId != null) {
            request.putRawQueryParameter("versionId", versionId);
        }
        return request.build();
    }

    private SignRequest.Builder<AwsCredentialsIdentity> signing(
            SignRequest.Builder<AwsCredentialsIdentity> builder, SdkHttpRequest request) {
        return builder.request(request)
                .identity(credentials.resolveCredentials())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, endpoint.region())
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock);
    }
}

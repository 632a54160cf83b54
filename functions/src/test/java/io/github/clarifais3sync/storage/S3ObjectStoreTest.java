package io.github.clarifais3sync.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * S3ObjectStore against the AWS SDK's S3 client and presigner as the reference: the same URLs (virtual-hosted and
 * path style, keys that need encoding, version ids, partitions) and the same presigned signatures.
 */
class S3ObjectStoreTest {

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final List<String> KEYS = List.of(
            "photo.jpg",
            "a dir/with spaces+plus.JPG",
            "ü/ñ&=?#%;,.png",
            "double//slash/./dot/../x.jpg",
            "~tilde*star'quote(1).webp",
            "/leading-slash.gif");
    private static final List<String> VERSIONS = new ArrayList<>(List.of("3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY/x="));

    static {
        VERSIONS.add(null);
    }

    /** Bucket, region and whether an endpoint override is set; each case tries every key and version. */
    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String bucket : List.of("images-bucket", "my.dotted.bucket")) {
            for (Region region : List.of(Region.US_EAST_1, Region.EU_WEST_1, Region.CN_NORTH_1)) {
                cases.add(Arguments.of(bucket, region, false));
            }
        }
        cases.add(Arguments.of("images-bucket", Region.EU_WEST_1, true));
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void presignedGetUrl_isTheSdkPresignersOne(String bucket, Region region, boolean override) {
        AwsCredentialsProvider credentials = StaticCredentialsProvider.create(AwsSessionCredentials.create(
                "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "session/token+="));
        URI local = URI.create("http://127.0.0.1:4566");
        S3Presigner.Builder reference = S3Presigner.builder().region(region).credentialsProvider(credentials);
        if (override) {
            reference
                    .endpointOverride(local)
                    .serviceConfiguration(S3Configuration.builder()
                            .pathStyleAccessEnabled(true)
                            .build());
        }
        S3Endpoint endpoint = override ? S3Endpoint.override(local, region) : S3Endpoint.regional(region);
        try (S3Presigner presigner = reference.build()) {
            for (String key : KEYS) {
                for (String versionId : VERSIONS) {
                    URI expected = URI.create(presigner
                            .presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(30))
                                    .getObjectRequest(
                                            g -> g.bucket(bucket).key(key).versionId(versionId)))
                            .url()
                            .toString());
                    Instant signedAt =
                            Instant.from(AMZ_DATE.parse(query(expected).get("X-Amz-Date")));
                    URI actual = URI.create(new S3ObjectStore(
                                    endpoint,
                                    credentials,
                                    new RecordingHttpClient(),
                                    Clock.fixed(signedAt, ZoneOffset.UTC))
                            .presignedGetUrl(bucket, key, versionId, Duration.ofMinutes(30)));

                    assertEquals(
                            expected.getScheme() + "://" + expected.getRawAuthority() + expected.getRawPath(),
                            actual.getScheme() + "://" + actual.getRawAuthority() + actual.getRawPath(),
                            key);
                    assertEquals(query(expected), query(actual), key);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void headAndRead_goWhereTheSdkClientSendsThem(String bucket, Region region, boolean override) {
        AwsCredentialsProvider credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
        URI local = URI.create("http://127.0.0.1:4566");
        RecordingHttpClient sdkHttp = new RecordingHttpClient();
        S3ClientBuilder reference = S3Client.builder()
                .region(region)
                .credentialsProvider(credentials)
                .httpClient(sdkHttp);
        if (override) {
            reference.endpointOverride(local).forcePathStyle(true);
        }
        RecordingHttpClient ourHttp = new RecordingHttpClient();
        S3ObjectStore store = new S3ObjectStore(
                override ? S3Endpoint.override(local, region) : S3Endpoint.regional(region),
                credentials,
                ourHttp,
                Clock.systemUTC());
        try (S3Client s3 = reference.build()) {
            for (String key : KEYS) {
                for (String versionId : VERSIONS) {
                    s3.headObject(r -> r.bucket(bucket).key(key).versionId(versionId));
                    s3.getObjectAsBytes(r -> r.bucket(bucket).key(key).versionId(versionId));
                    store.head(bucket, key, versionId);
                    store.read(bucket, key, versionId, null, 100);
                }
            }
        }

        assertEquals(sdkHttp.requests.size(), ourHttp.requests.size());
        for (int i = 0; i < sdkHttp.requests.size(); i++) {
            SdkHttpRequest expected = sdkHttp.requests.get(i);
            SdkHttpRequest actual = ourHttp.requests.get(i);
            assertEquals(expected.method(), actual.method());
            assertEquals(expected.getUri(), actual.getUri());
            assertTrue(
                    actual.firstMatchingHeader("Authorization")
                            .orElseThrow()
                            .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"),
                    actual.headers().toString());
            assertEquals(
                    "UNSIGNED-PAYLOAD",
                    actual.firstMatchingHeader("x-amz-content-sha256").orElseThrow());
        }
    }

    private static final String TAGGING = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet>"
            + "<Tag><Key>concept</Key><Value>cat &amp; dog</Value></Tag>"
            + "<Tag><Key>label:ünï</Key><Value>1</Value></Tag></TagSet></Tagging>";

    @Test
    void tags_goWhereTheSdkClientSendsThem_andReadAsItReadsThem() {
        AwsCredentialsProvider credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
        RecordingHttpClient sdkHttp = new RecordingHttpClient();
        RecordingHttpClient ourHttp = new RecordingHttpClient();
        S3ObjectStore store =
                new S3ObjectStore(S3Endpoint.regional(Region.EU_WEST_1), credentials, ourHttp, Clock.systemUTC());
        try (S3Client s3 = S3Client.builder()
                .region(Region.EU_WEST_1)
                .credentialsProvider(credentials)
                .httpClient(sdkHttp)
                .build()) {
            for (String key : KEYS) {
                for (String versionId : VERSIONS) {
                    sdkHttp.answer(200, Map.of(), TAGGING);
                    ourHttp.answer(200, Map.of(), TAGGING);
                    Map<String, String> expected = new java.util.LinkedHashMap<>();
                    s3.getObjectTagging(r -> r.bucket("images-bucket").key(key).versionId(versionId))
                            .tagSet()
                            .forEach(tag -> expected.put(tag.key(), tag.value()));

                    assertEquals(Optional.of(expected), store.tags("images-bucket", key, versionId));
                }
            }
        }

        assertEquals(
                Map.of("concept", "cat & dog", "label:ünï", "1"),
                S3ObjectStore.tagSet(TAGGING.getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < sdkHttp.requests.size(); i++) {
            assertEquals(
                    sdkHttp.requests.get(i).getUri(), ourHttp.requests.get(i).getUri());
        }
    }

    @Test
    void tagSet_readsEscapesEmptyValuesAndAnEmptySet_andRefusesAnythingElse() {
        assertEquals(
                java.util.Arrays.asList("a<b>&\"'", "é€ x", ""),
                new java.util.ArrayList<>(S3ObjectStore.tagSet(
                                ("<Tagging><TagSet><Tag><Key>k1</Key><Value>a&lt;b&gt;&amp;&quot;&apos;</Value></Tag>"
                                                + "<Tag><Key>k2</Key><Value>&#233;&#x20AC;&#32;x</Value></Tag>"
                                                + "<Tag><Key>k3</Key><Value></Value></Tag></TagSet></Tagging>")
                                        .getBytes(StandardCharsets.UTF_8))
                        .values()));
        assertEquals(Map.of(), S3ObjectStore.tagSet("<Tagging><TagSet/></Tagging>".getBytes(StandardCharsets.UTF_8)));
        org.junit.jupiter.api.Assertions.assertThrows(
                S3ObjectStore.S3CallException.class,
                () -> S3ObjectStore.tagSet("<Error><Code>X</Code></Error>".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void tags_ofAMissingVersionOrADeleteMarker_areEmpty() {
        RecordingHttpClient http = new RecordingHttpClient();
        http.answer(404, Map.of(), "<Error><Code>NoSuchVersion</Code></Error>");
        http.answer(405, Map.of(), "<Error><Code>MethodNotAllowed</Code></Error>");

        assertEquals(Optional.empty(), store(http).tags("b", "gone.jpg", "v1"));
        assertEquals(Optional.empty(), store(http).tags("b", "deleted.jpg", null));
    }

    @Test
    void head_readsSizeEtagTypeVersionAndUserMetadata() {
        RecordingHttpClient http = new RecordingHttpClient();
        http.answer(
                200,
                Map.of(
                        "Content-Length",
                        "1234",
                        "ETag",
                        "\"abc\"",
                        "Content-Type",
                        "image/jpeg",
                        "x-amz-version-id",
                        "v9",
                        "x-amz-meta-camera",
                        "x100",
                        "X-Amz-Meta-Place",
                        "Oslo"),
                "");

        StoredObject object = store(http).head("b", "k.jpg", "v9").orElseThrow();

        assertEquals(
                new StoredObject(1234, "abc", "image/jpeg", "v9", Map.of("camera", "x100", "Place", "Oslo")), object);
    }

    @Test
    void head_ofAMissingObjectOrVersion_isEmpty() {
        RecordingHttpClient http = new RecordingHttpClient();
        http.answer(404, Map.of(), "");
        http.answer(405, Map.of("x-amz-delete-marker", "true"), "");

        assertEquals(Optional.empty(), store(http).head("b", "gone.jpg", null));
        assertEquals(Optional.empty(), store(http).head("b", "deleted.jpg", "marker-version"));
    }

    @Test
    void aHeadRefusedWith403_saysThatAMissingListBucketPermissionLooksLikeThat() {
        RecordingHttpClient http = new RecordingHttpClient();
        http.answer(403, Map.of(), "");

        S3ObjectStore.S3CallException e = assertThrows(
                S3ObjectStore.S3CallException.class, () -> store(http).head("b", "just-deleted.jpg", null));

        assertEquals(403, e.statusCode());
        assertTrue(e.getMessage().contains("s3:ListBucket"), e.getMessage());
    }

    @Test
    void read_whenTheServerErrs_isRetriedUntilItSucceeds() {
        RecordingHttpClient http = new RecordingHttpClient();
        http.answer(503, Map.of(), "<Error><Code>SlowDown</Code></Error>");
        http.answer(500, Map.of(), "<Error><Code>InternalError</Code></Error>");
        http.answer(200, Map.of(), "image bytes");

        assertArrayEquals(
                "image bytes".getBytes(StandardCharsets.UTF_8), store(http).read("b", "k.jpg", null, null, 100));
        assertEquals(3, http.requests.size());
    }

    @Test
    void read_whenRefused_failsWithS3sStatusAndCode() {
        RecordingHttpClient http = new RecordingHttpClient();
        http.answer(403, Map.of(), "<Error><Code>AccessDenied</Code><Message>no</Message></Error>");

        S3ObjectStore.S3CallException e = assertThrows(
                S3ObjectStore.S3CallException.class, () -> store(http).read("b", "k.jpg", null, null, 100));

        assertEquals(403, e.statusCode());
        assertTrue(e.getMessage().contains("AccessDenied"), e.getMessage());
        assertEquals(1, http.requests.size());
    }

    @Test
    void read_isConditionalOnTheHeadsETag_andRangedToOneByteMoreThanTheLimit() {
        RecordingHttpClient http = new RecordingHttpClient();
        http.answer(206, Map.of(), "image bytes");

        assertArrayEquals(
                "image bytes".getBytes(StandardCharsets.UTF_8), store(http).read("b", "k.jpg", "v1", "abc", 1000));

        SdkHttpRequest sent = http.requests.get(0);
        assertEquals("\"abc\"", sent.firstMatchingHeader("If-Match").orElseThrow());
        assertEquals("bytes=0-1000", sent.firstMatchingHeader("Range").orElseThrow());
        assertTrue(
                sent.firstMatchingHeader("Authorization").orElseThrow().contains("if-match;")
                        && sent.firstMatchingHeader("Authorization")
                                .orElseThrow()
                                .contains("range;"),
                "both signed");
    }

    @Test
    void read_ofAnObjectOverwrittenSinceItsHead_isRefusedWithoutReadingIt() {
        RecordingHttpClient http = new RecordingHttpClient();
        http.answer(412, Map.of(), "<Error><Code>PreconditionFailed</Code></Error>");

        S3ObjectStore.S3CallException e = assertThrows(
                S3ObjectStore.S3CallException.class, () -> store(http).read("b", "k.jpg", null, "abc", 1000));

        assertEquals(412, e.statusCode());
        assertEquals(1, http.requests.size(), "not retried");
    }

    @Test
    void read_stopsAtTheLimitEvenWhenTheServerSendsMore() {
        RecordingHttpClient http = new RecordingHttpClient();
        CountingStream endless = new CountingStream(Long.MAX_VALUE);
        http.answer(200, Map.of(), endless);

        S3ObjectStore.S3CallException e = assertThrows(
                S3ObjectStore.S3CallException.class, () -> store(http).read("b", "k.jpg", null, "abc", 1000));

        assertTrue(e.getMessage().contains("longer than 1000 bytes"), e.getMessage());
        assertTrue(endless.read <= 1002, "read " + endless.read + " bytes of an endless body");
    }

    @Test
    void read_ofAnEmptyObject_isEmpty() {
        RecordingHttpClient http = new RecordingHttpClient();
        http.answer(416, Map.of(), "<Error><Code>InvalidRange</Code></Error>");

        assertArrayEquals(
                new byte[0], store(http).read("b", "empty.jpg", null, "d41d8cd98f00b204e9800998ecf8427e", 10));
    }

    /** A body of {@code length} bytes made up as it is read, counting them. */
    private static final class CountingStream extends java.io.InputStream {
        private final long length;
        long read;

        CountingStream(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            if (read >= length) {
                return -1;
            }
            read++;
            return 'x';
        }
    }

    private static S3ObjectStore store(SdkHttpClient http) {
        return new S3ObjectStore(
                S3Endpoint.regional(Region.EU_WEST_1),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
                http,
                Clock.systemUTC());
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new TreeMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            query.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return query;
    }

    /** Records each request; answers as scripted, then 200 with an empty body. */
    private static final class RecordingHttpClient implements SdkHttpClient {
        final List<SdkHttpRequest> requests = new ArrayList<>();
        private final List<SdkHttpFullResponse> answers = new ArrayList<>();

        void answer(int status, Map<String, String> headers, String body) {
            answer(status, headers, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        }

        void answer(int status, Map<String, String> headers, java.io.InputStream body) {
            SdkHttpFullResponse.Builder response = SdkHttpFullResponse.builder().statusCode(status);
            headers.forEach(response::putHeader);
            answers.add(response.content(AbortableInputStream.create(body)).build());
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    requests.add(request.httpRequest());
                    SdkHttpFullResponse response = answers.isEmpty()
                            ? SdkHttpFullResponse.builder()
                                    .statusCode(200)
                                    .putHeader("Content-Length", "0")
                                    .content(AbortableInputStream.create(new ByteArrayInputStream(new byte[0])))
                                    .build()
                            : answers.remove(0);
                    return HttpExecuteResponse.builder()
                            .response(response)
                            .responseBody(response.content().orElse(null))
                            .build();
                }

                @Override
                public void abort() {}
            };
        }

        @Override
        public void close() {}
    }
}

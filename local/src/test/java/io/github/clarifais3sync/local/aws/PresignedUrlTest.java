package io.github.clarifais3sync.local.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The offline stack refuses presigned URLs that S3 would refuse (moto itself serves any), with S3's status and error
 * code, and serves valid ones. URLs are made by the SDK's presigner and signer, not by the code under test.
 */
@ExtendWith(SharedLocalAws.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PresignedUrlTest {
    private static final String KEY = "photos/été 2024/a+b (1).jpg";

    private LocalAws aws;
    private S3Client s3;
    private HttpClient http;
    private String bucket;

    @BeforeAll
    void start(LocalAws aws) {
        this.aws = aws;
        this.s3 = aws.s3Client();
        this.http = HttpClient.newHttpClient();
        this.bucket = "presign-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(p -> p.bucket(bucket).key(KEY), RequestBody.fromString("the image"));
    }

    @AfterAll
    void close() {
        s3.close();
        http.close();
    }

    @Test
    void validPresignedGetIsServed() throws Exception {
        HttpResponse<String> response = get(presignedGet(Duration.ofMinutes(5)));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("the image", response.body());
    }

    @Test
    void tamperedSignatureIsRefusedAsS3Would() throws Exception {
        String url = presignedGet(Duration.ofMinutes(5));
        int at = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        String tampered = url.substring(0, at) + (url.charAt(at) == '0' ? '1' : '0') + url.substring(at + 1);

        HttpResponse<String> response = get(tampered);

        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("<Code>SignatureDoesNotMatch</Code>"), response.body());
    }

    @Test
    void urlSignedForOneKeyDoesNotOpenAnother() throws Exception {
        s3.putObject(p -> p.bucket(bucket).key("other.jpg"), RequestBody.fromString("other"));
        String url = presignedGet(Duration.ofMinutes(5));
        String otherKey = url.replaceFirst("/" + bucket + "/[^?]*", "/" + bucket + "/other.jpg");

        HttpResponse<String> response = get(otherKey);

        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("<Code>SignatureDoesNotMatch</Code>"), response.body());
    }

    @Test
    void expiredUrlIsRefusedAsS3Would() throws Exception {
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .uri(URI.create(aws.endpoint() + "/" + bucket + "/" + SigV4.uriEncode(KEY, true)))
                .build();
        SdkHttpRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.request(request)
                        .identity(AwsBasicCredentials.create(LocalAws.ACCESS_KEY_ID, LocalAws.SECRET_ACCESS_KEY))
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, LocalAws.REGION.id())
                        .putProperty(
                                AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(15))
                        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                        .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(anHourAgo, ZoneOffset.UTC)))
                .request();

        HttpResponse<String> response = get(signed.getUri().toString());

        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("<Code>AccessDenied</Code>"), response.body());
        assertTrue(response.body().contains("<Message>Request has expired</Message>"), response.body());
    }

    @Test
    void unknownAccessKeyIsRefused() throws Exception {
        try (S3Presigner stranger = S3Presigner.builder()
                .endpointOverride(aws.endpoint())
                .region(LocalAws.REGION)
                .credentialsProvider(() -> AwsBasicCredentials.create("AKIASTRANGER", "secret"))
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build()) {
            String url = stranger.presignGetObject(g -> g.signatureDuration(Duration.ofMinutes(5))
                            .getObjectRequest(r -> r.bucket(bucket).key(KEY)))
                    .url()
                    .toString();

            HttpResponse<String> response = get(url);

            assertEquals(403, response.statusCode());
            assertTrue(response.body().contains("<Code>InvalidAccessKeyId</Code>"), response.body());
        }
    }

    private String presignedGet(Duration lifetime) {
        try (S3Presigner presigner = aws.s3Presigner()) {
            return presigner
                    .presignGetObject(g -> g.signatureDuration(lifetime)
                            .getObjectRequest(r -> r.bucket(bucket).key(KEY)))
                    .url()
                    .toString();
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}

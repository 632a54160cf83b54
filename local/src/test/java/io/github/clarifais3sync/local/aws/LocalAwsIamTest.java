package io.github.clarifais3sync.local.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The emulators authorize each request against the IAM policies of the key that signed it, as AWS does for an
 * identity-based policy: actions and resource ARNs (wildcards included) for S3, DynamoDB and Secrets Manager, 403
 * instead of 404 for a missing object without {@code s3:ListBucket}, presigned URLs for the key that signed them.
 */
@ExtendWith(SharedLocalAws.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalAwsIamTest {
    private static final String ACCOUNT = LocalAws.ACCOUNT_ID;
    private static final String REGION = LocalAws.REGION.id();

    private LocalAws aws;
    private S3Client admin;
    private final String bucket = "iam-" + UUID.randomUUID().toString().substring(0, 8);
    private final String table = "iam-" + UUID.randomUUID().toString().substring(0, 8);
    private final String otherTable = table + "-other";
    private final String secret = "iam-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void start(LocalAws aws) {
        this.aws = aws;
        assertTrue(aws.enforcesIam(), "IAM enforcement is on by default");
        admin = aws.s3Client();
        admin.createBucket(b -> b.bucket(bucket));
        admin.putObject(p -> p.bucket(bucket).key("images/a.jpg"), RequestBody.fromString("a"));
        try (DynamoDbClient dynamoDb = aws.dynamoDbClient();
                SecretsManagerClient secrets = aws.secretsManagerClient()) {
            for (String name : new String[] {table, otherTable}) {
                dynamoDb.createTable(t -> t.tableName(name)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S)));
            }
            secrets.createSecret(s -> s.name(secret).secretString("the key"));
        }
    }

    @AfterAll
    void closeClient() {
        admin.close();
    }

    /** A user allowed to read objects under images/ and the one table and secret; listing only when asked. */
    private AccessKey reader(boolean listBucket) throws Exception {
        String statements = """
                {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::%1$s/images/*"},
                {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"],
                 "Resource": "arn:aws:dynamodb:%2$s:%3$s:table/%4$s"},
                {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                 "Resource": "arn:aws:secretsmanager:%2$s:%3$s:secret:%5$s-??????"}
                """.formatted(bucket, REGION, ACCOUNT, table, secret)
                + (listBucket
                        ? ", {\"Effect\": \"Allow\", \"Action\": \"s3:ListBucket\", \"Resource\": " + "\"arn:aws:s3:::"
                                + bucket + "\"}"
                        : "");
        return aws.addUser(
                "reader-" + UUID.randomUUID().toString().substring(0, 8),
                Map.of("reader", "{\"Version\": \"2012-10-17\", \"Statement\": [" + statements + "]}"));
    }

    @Test
    void s3_allowsWhatThePolicyGrantsOnTheResourcesItNames() throws Exception {
        try (S3Client s3 = s3(reader(false))) {
            assertEquals(
                    "a",
                    s3.getObjectAsBytes(g -> g.bucket(bucket).key("images/a.jpg"))
                            .asUtf8String());
            assertDenied(
                    403,
                    "AccessDenied",
                    () -> s3.putObject(p -> p.bucket(bucket).key("images/b.jpg"), RequestBody.fromString("b")));
            admin.putObject(p -> p.bucket(bucket).key("other/c.jpg"), RequestBody.fromString("c"));
            assertDenied(
                    403,
                    "AccessDenied",
                    () -> s3.getObject(g -> g.bucket(bucket).key("other/c.jpg")));
            assertDenied(403, "AccessDenied", () -> s3.listObjectsV2(l -> l.bucket(bucket)));
        }
    }

    /** https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html: 404 only with s3:ListBucket. */
    @Test
    void headAndGet_ofAMissingObject_areForbiddenWithoutListBucketAndNotFoundWithIt() throws Exception {
        try (S3Client withoutList = s3(reader(false));
                S3Client withList = s3(reader(true))) {
            assertDenied(
                    403,
                    null,
                    () -> withoutList.headObject(h -> h.bucket(bucket).key("images/gone.jpg")));
            assertDenied(
                    403,
                    "AccessDenied",
                    () -> withoutList.getObject(g -> g.bucket(bucket).key("images/gone.jpg")));
            assertDenied(
                    404, null, () -> withList.headObject(h -> h.bucket(bucket).key("images/gone.jpg")));
            assertDenied(
                    404,
                    "NoSuchKey",
                    () -> withList.getObject(g -> g.bucket(bucket).key("images/gone.jpg")));
        }
    }

    @Test
    void presignedUrl_isAuthorizedForTheKeyThatSignedIt() throws Exception {
        AccessKey reader = reader(false);
        try (S3Presigner presigner = S3Presigner.builder()
                        .endpointOverride(aws.endpoint())
                        .region(LocalAws.REGION)
                        .credentialsProvider(credentials(reader))
                        .serviceConfiguration(S3Configuration.builder()
                                .pathStyleAccessEnabled(true)
                                .build())
                        .build();
                HttpClient http = HttpClient.newHttpClient()) {
            String allowed = presigner
                    .presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                            .getObjectRequest(g -> g.bucket(bucket).key("images/a.jpg")))
                    .url()
                    .toString();
            admin.putObject(p -> p.bucket(bucket).key("other/d.jpg"), RequestBody.fromString("d"));
            String denied = presigner
                    .presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                            .getObjectRequest(g -> g.bucket(bucket).key("other/d.jpg")))
                    .url()
                    .toString();

            HttpResponse<String> ok = http.send(
                    HttpRequest.newBuilder(URI.create(allowed)).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> refused =
                    http.send(HttpRequest.newBuilder(URI.create(denied)).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("a", ok.body());
            assertEquals(403, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("<Code>AccessDenied</Code>"), refused.body());
        }
    }

    @Test
    void dynamoDb_checksTheActionAndTheTableArn() throws Exception {
        try (DynamoDbClient dynamoDb = configure(DynamoDbClient.builder(), reader(false))) {
            Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("x"));
            assertEquals(
                    Map.of(), dynamoDb.getItem(g -> g.tableName(table).key(key)).item());
            assertDenied(
                    400,
                    "AccessDeniedException",
                    () -> dynamoDb.updateItem(u -> u.tableName(table)
                            .key(key)
                            .updateExpression("SET v = :v")
                            .expressionAttributeValues(Map.of(":v", AttributeValue.fromS("1")))));
            assertDenied(
                    400,
                    "AccessDeniedException",
                    () -> dynamoDb.getItem(g -> g.tableName(otherTable).key(key)));
        }
    }

    @Test
    void secretsManager_matchesTheSecretArnWithItsRandomSuffix() throws Exception {
        try (SecretsManagerClient secrets = configure(SecretsManagerClient.builder(), reader(false))) {
            assertEquals(
                    "the key", secrets.getSecretValue(g -> g.secretId(secret)).secretString());
            assertDenied(
                    400,
                    "AccessDeniedException",
                    () -> secrets.createSecret(c -> c.name(secret + "-new").secretString("x")));
        }
    }

    @Test
    void request_withAWrongSecretKey_isRefused() throws Exception {
        AccessKey reader = reader(true);
        try (S3Client s3 = s3(new AccessKey(reader.accessKeyId(), "not-the-secret"))) {
            assertDenied(
                    403,
                    "SignatureDoesNotMatch",
                    () -> s3.getObject(g -> g.bucket(bucket).key("images/a.jpg")));
        }
    }

    private S3Client s3(AccessKey key) {
        return configure(S3Client.builder().forcePathStyle(true), key);
    }

    private <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C configure(B builder, AccessKey key) {
        return builder.endpointOverride(aws.endpoint())
                .region(LocalAws.REGION)
                .credentialsProvider(credentials(key))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    private static StaticCredentialsProvider credentials(AccessKey key) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }

    /** The call fails with this HTTP status and, when given, this error code. */
    private static void assertDenied(int status, String code, Runnable call) {
        AwsServiceException e = assertThrows(AwsServiceException.class, call::run);
        assertEquals(status, e.statusCode(), e.toString());
        if (code != null) {
            assertEquals(code, e.awsErrorDetails().errorCode(), e.toString());
        }
    }
}

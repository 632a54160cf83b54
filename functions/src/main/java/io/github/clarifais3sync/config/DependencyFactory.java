package io.github.clarifais3sync.config;

import io.github.clarifais3sync.delete.DeleteService;
import io.github.clarifais3sync.enqueue.EnqueueService;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.inputs.PathForm;
import io.github.clarifais3sync.ledger.DynamoDbLedger;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.status.SqsRetryQueue;
import io.github.clarifais3sync.status.StatusService;
import io.github.clarifais3sync.storage.S3ObjectStore;
import io.github.clarifais3sync.sync.StaleInputs;
import io.github.clarifais3sync.upload.UploadService;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The one place that builds clients and services from the Lambda environment. Handlers call it once, in their
 * constructor (the INIT phase), so every invocation of a warm function reuses the same clients.
 *
 * <p>AWS clients get the region, credentials and one lightweight HTTP client explicitly (no discovery chains at cold
 * start) and honour {@code AWS_ENDPOINT_URL} / {@code AWS_ENDPOINT_URL_<SERVICE>}, so the same code runs against
 * AWS, LocalStack or the offline stack's emulators.
 */
public final class DependencyFactory {

    private final Settings settings;
    private final Clock clock = Clock.systemUTC();
    private SdkHttpClient httpClient;
    private DynamoDbClient dynamoDb;
    private InputsClient inputsClient;

    private DependencyFactory(Settings settings) {
        this.settings = settings;
    }

    public static DependencyFactory forEnvironment(Map<String, String> environment) {
        return new DependencyFactory(new Settings(environment));
    }

    public Settings settings() {
        return settings;
    }

    public EnqueueService enqueueService() {
        return new EnqueueService(sqs(), settings.queueUrl(), ledger(), settings.imageSuffixes(), clock);
    }

    public UploadService uploadService() {
        S3ObjectStore store = new S3ObjectStore(s3(), s3Presigner());
        return new UploadService(inputsClient(), ledger(), store, staleInputs(), settings.imageSource(),
                settings.presignedUrlTtl(), settings.maxRequestBytes(), settings.uploadParallelism(), clock);
    }

    public StatusService statusService() {
        return new StatusService(inputsClient(), ledger(), new SqsRetryQueue(sqs(), settings.queueUrl()),
                settings.statusGiveUpAfter(), settings.statusMaxAttempts(), settings.statusRetryDelay(), clock);
    }

    public DeleteService deleteService() {
        return new DeleteService(ledger(), staleInputs(), clock);
    }

    private StaleInputs staleInputs() {
        return new StaleInputs(ledger(), inputsClient(), clock);
    }

    public Ledger ledger() {
        return new DynamoDbLedger(dynamoDb(), settings.ledgerTable(), settings.deletedItemTtl());
    }

    public synchronized InputsClient inputsClient() {
        if (inputsClient == null) {
            SecretsManagerClient secrets = configure(SecretsManagerClient.builder(), "SECRETS_MANAGER").build();
            inputsClient = InputsClient.builder()
                    .baseUrl(settings.clarifaiBaseUrl())
                    .pathForm(PathForm.fromSetting(settings.clarifaiPathForm()))
                    .userId(settings.clarifaiUserId())
                    .appId(settings.clarifaiAppId())
                    .apiKey(new SecretsManagerApiKey(secrets, settings.apiKeySecret(), clock))
                    .build();
        }
        return inputsClient;
    }

    private synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = configure(DynamoDbClient.builder(), "DYNAMODB").build();
        }
        return dynamoDb;
    }

    private SqsClient sqs() {
        return configure(SqsClient.builder(), "SQS").build();
    }

    private S3Client s3() {
        return configure(S3Client.builder(), "S3")
                .forcePathStyle(settings.endpointFor("S3") != null)
                // Checksums only where S3 requires them: emulators reject the newer default trailing checksums.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    private S3Presigner s3Presigner() {
        S3Presigner.Builder builder = S3Presigner.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials())
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(settings.endpointFor("S3") != null).build());
        String endpoint = settings.endpointFor("S3");
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service) {
        builder.region(Region.of(settings.region())).credentialsProvider(credentials());
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClient(httpClient());
        }
        String endpoint = settings.endpointFor(service);
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder;
    }

    private synchronized SdkHttpClient httpClient() {
        if (httpClient == null) {
            httpClient = UrlConnectionHttpClient.builder().build();
        }
        return httpClient;
    }

    private AwsCredentialsProvider credentials() {
        String[] fromEnv = settings.credentials();
        if (fromEnv == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(fromEnv[2] == null || fromEnv[2].isBlank()
                ? AwsBasicCredentials.create(fromEnv[0], fromEnv[1])
                : AwsSessionCredentials.create(fromEnv[0], fromEnv[1], fromEnv[2]));
    }
}

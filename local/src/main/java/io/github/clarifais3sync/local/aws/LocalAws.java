package io.github.clarifais3sync.local.aws;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * S3, SQS, DynamoDB and Secrets Manager emulators in this JVM behind one {@link AwsGateway} endpoint, for running the
 * functions offline with no AWS account and no Docker. The emulators start in parallel; {@link #startupTimes()} says
 * how long each took. Client factories return new clients that the caller closes.
 */
public final class LocalAws implements AutoCloseable {
    /** The port LocalStack uses for its edge endpoint; the CLI default. Tests use {@link #start()} (any free port). */
    public static final int DEFAULT_PORT = 4566;
    public static final Region REGION = Region.US_EAST_1;
    public static final String ACCOUNT_ID = "000000000000";
    public static final String ACCESS_KEY_ID = "test";
    public static final String SECRET_ACCESS_KEY = "test";

    private static final Logger LOG = LoggerFactory.getLogger(LocalAws.class);

    private final AwsGateway gateway;
    private final List<AutoCloseable> emulators;
    private final Map<String, Duration> startupTimes;

    private LocalAws(AwsGateway gateway, List<AutoCloseable> emulators, Map<String, Duration> startupTimes) {
        this.gateway = gateway;
        this.emulators = emulators;
        this.startupTimes = startupTimes;
    }

    /** Starts everything with the gateway on a free port. */
    public static LocalAws start() throws Exception {
        return start(0);
    }

    /** Starts everything with the gateway on {@code gatewayPort} (0 for a free one) of 127.0.0.1. */
    public static LocalAws start(int gatewayPort) throws Exception {
        long begin = System.nanoTime();
        AwsGateway gateway = AwsGateway.bind(gatewayPort, REGION.id());
        List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
        Map<String, Duration> times = Collections.synchronizedMap(new LinkedHashMap<>());
        try (ExecutorService starter = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().name("local-aws-start-", 0).factory())) {
            Future<LocalS3> s3 = starter.submit(timed("s3", times, started, LocalS3::start));
            Future<DynamoDbLocalServer> dynamoDb = starter.submit(timed("dynamodb", times, started,
                    DynamoDbLocalServer::start));
            Future<SqsEmulator> sqs = starter.submit(timed("sqs", times, started,
                    () -> SqsEmulator.start(gateway.endpoint(), REGION.id(), ACCOUNT_ID)));
            gateway.route(AwsGateway.S3, result(s3).endpoint());
            gateway.route(AwsGateway.DYNAMODB, result(dynamoDb).endpoint());
            gateway.route(AwsGateway.SQS, result(sqs).endpoint());
            gateway.route(AwsGateway.SECRETS_MANAGER, new LocalSecretsManager(REGION.id(), ACCOUNT_ID));
            gateway.start();
        } catch (Exception | Error e) {
            closeAll(gateway, started);
            throw e;
        }
        times.put("total", Duration.ofNanos(System.nanoTime() - begin));
        LOG.info("event=local_aws_started endpoint={} startup_ms={}", gateway.endpoint(), millis(times));
        return new LocalAws(gateway, List.copyOf(started), Map.copyOf(times));
    }

    public URI endpoint() {
        return gateway.endpoint();
    }

    public Region region() {
        return REGION;
    }

    public AwsCredentialsProvider credentialsProvider() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }

    public AwsGateway gateway() {
        return gateway;
    }

    /** Shorthand for {@code gateway().onS3Event(listener)}. */
    public void onS3Event(Consumer<S3Notification> listener) {
        gateway.onS3Event(listener);
    }

    /** Wall time of each emulator's start ({@code s3}, {@code sqs}, {@code dynamodb}) and of all ({@code total}). */
    public Map<String, Duration> startupTimes() {
        return startupTimes;
    }

    /**
     * What a function or the AWS CLI needs in its environment to use these emulators. S3Proxy neither stores nor
     * returns flexible checksums, so the checksum settings ask SDKs (Java 2.30+, botocore 1.36+) for them only where an
     * operation requires one (https://docs.aws.amazon.com/sdkref/latest/guide/feature-dataintegrity.html); clients
     * with the defaults work too, since the gateway decodes their aws-chunked bodies.
     */
    public Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_ENDPOINT_URL", endpoint().toString());
        environment.put("AWS_REGION", REGION.id());
        environment.put("AWS_DEFAULT_REGION", REGION.id());
        environment.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        environment.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
        environment.put("AWS_REQUEST_CHECKSUM_CALCULATION", "when_required");
        environment.put("AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required");
        return Collections.unmodifiableMap(environment);
    }

    /** Path-style, checksums only where an operation requires them: what S3Proxy accepts. */
    public S3Client s3Client() {
        return configure(S3Client.builder()
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
    }

    /** Presigned URLs point at the gateway, path-style. */
    public S3Presigner s3Presigner() {
        return S3Presigner.builder()
                .endpointOverride(endpoint())
                .region(REGION)
                .credentialsProvider(credentialsProvider())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }

    public SqsClient sqsClient() {
        return configure(SqsClient.builder());
    }

    public DynamoDbClient dynamoDbClient() {
        return configure(DynamoDbClient.builder());
    }

    public SecretsManagerClient secretsManagerClient() {
        return configure(SecretsManagerClient.builder());
    }

    /** Gateway endpoint, region, dummy credentials and the URL-connection HTTP client. */
    private <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C configure(B builder) {
        return builder.endpointOverride(endpoint())
                .region(REGION)
                .credentialsProvider(credentialsProvider())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    @Override
    public void close() {
        closeAll(gateway, emulators);
    }

    private static <T extends AutoCloseable> Callable<T> timed(String name, Map<String, Duration> times,
            List<AutoCloseable> started, Callable<T> start) {
        return () -> {
            long begin = System.nanoTime();
            T emulator = start.call();
            started.add(emulator);
            times.put(name, Duration.ofNanos(System.nanoTime() - begin));
            return emulator;
        };
    }

    private static <T> T result(Future<T> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static void closeAll(AwsGateway gateway, List<AutoCloseable> emulators) {
        try {
            gateway.close();
        } catch (Exception e) {
            LOG.warn("event=close_failed component=gateway error=\"{}\"", e.toString());
        }
        List<AutoCloseable> reversed = new ArrayList<>(emulators);
        Collections.reverse(reversed);
        for (AutoCloseable emulator : reversed) {
            try {
                emulator.close();
            } catch (Exception e) {
                LOG.warn("event=close_failed component={} error=\"{}\"", emulator.getClass().getSimpleName(),
                        e.toString());
            }
        }
    }

    private static Map<String, Long> millis(Map<String, Duration> times) {
        Map<String, Long> millis = new LinkedHashMap<>();
        synchronized (times) {
            times.forEach((name, duration) -> millis.put(name, duration.toMillis()));
        }
        return millis;
    }
}

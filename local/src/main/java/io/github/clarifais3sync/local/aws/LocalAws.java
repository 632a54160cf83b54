package io.github.clarifais3sync.local.aws;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
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
 * S3, SQS, DynamoDB and Secrets Manager for running the functions offline, with no AWS account and no Docker, behind
 * one {@link AwsGateway} endpoint, which adds S3 event notifications and presigned-URL checks: DynamoDB on a moto server
 * child process of its own, S3 and Secrets Manager on a second one, SQS on ElasticMQ in this JVM. All start empty with
 * each instance, in parallel. moto runs one request at a time (Python's global interpreter lock): DynamoDB, the busiest
 * service of the pipeline, gets a process to itself so that it and S3 can use two cores. {@link #startupTimes()} says
 * how long each part took. Client factories return new clients that the caller closes.
 * <p>
 * By default the moto servers enforce IAM (docs/local-development.md "IAM, as on AWS"): every S3, DynamoDB and
 * Secrets Manager request must be signed with a key they know, whose policies allow it. {@link #credentialsProvider()}
 * is the admin key, allowed everything; {@link #addUser(String, Map)} adds a key with chosen policies. SQS (ElasticMQ)
 * checks nothing.
 */
public final class LocalAws implements AutoCloseable {
    /** The port LocalStack uses for its edge endpoint; the CLI default. Tests use {@link #start()} (any free port). */
    public static final int DEFAULT_PORT = 4566;

    public static final Region REGION = Region.US_EAST_1;
    public static final String ACCOUNT_ID = "000000000000";
    public static final String ACCESS_KEY_ID = "test";
    public static final String SECRET_ACCESS_KEY = "test";
    /**
     * Set to {@code off} (environment variable or system property) to let any signed request do anything, as the
     * emulators do on their own; by default they enforce IAM policies (see {@link #addUser(String, Map)}).
     */
    public static final String IAM_SWITCH = "CLARIFAI_OFFLINE_IAM";

    private static final Logger LOG = LoggerFactory.getLogger(LocalAws.class);
    private static final Duration EMULATOR_START_TIMEOUT = Duration.ofSeconds(60);
    private static final Executor STARTER =
            runnable -> Thread.ofPlatform().daemon().name("local-aws-start").start(runnable);

    private final MotoServer moto;
    private final MotoServer dynamoDb;
    private final SqsEmulator sqs;
    private final AwsGateway gateway;
    private final Map<String, Duration> startupTimes;
    private final boolean enforcesIam;

    private LocalAws(
            MotoServer moto,
            MotoServer dynamoDb,
            SqsEmulator sqs,
            AwsGateway gateway,
            Map<String, Duration> startupTimes,
            boolean enforcesIam) {
        this.enforcesIam = enforcesIam;
        this.moto = moto;
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.gateway = gateway;
        this.startupTimes = startupTimes;
    }

    /** Starts everything with the gateway on a free port. */
    public static LocalAws start() throws Exception {
        return start(0, AwsGateway.Limits.DEFAULT);
    }

    /** Starts everything with the gateway on {@code gatewayPort} (0 for a free one) of 127.0.0.1. */
    public static LocalAws start(int gatewayPort) throws Exception {
        return start(gatewayPort, AwsGateway.Limits.DEFAULT);
    }

    public static LocalAws start(int gatewayPort, AwsGateway.Limits limits) throws Exception {
        return start(gatewayPort, limits, iamSwitchedOn());
    }

    /** Whether {@value #IAM_SWITCH} leaves IAM enforcement on (anything but {@code off}). */
    public static boolean iamSwitchedOn() {
        String value = System.getProperty(IAM_SWITCH, System.getenv(IAM_SWITCH));
        return value == null || !value.trim().equalsIgnoreCase("off");
    }

    /**
     * @param enforceIam whether the emulators authorize S3, DynamoDB and Secrets Manager requests against IAM
     *     policies: {@link #credentialsProvider()} may do anything, keys from {@link #addUser(String, Map)} what their
     *     policies allow
     */
    public static LocalAws start(int gatewayPort, AwsGateway.Limits limits, boolean enforceIam) throws Exception {
        long begin = System.nanoTime();
        AccessKey admin = enforceIam ? new AccessKey(ACCESS_KEY_ID, SECRET_ACCESS_KEY) : null;
        Map<String, Duration> times = new ConcurrentHashMap<>();
        AwsGateway gateway =
                AwsGateway.bind(gatewayPort, REGION.id(), Map.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY), limits);
        CompletableFuture<MotoServer> moto = CompletableFuture.supplyAsync(
                timed("moto", times, () -> MotoServer.start(ACCOUNT_ID, EMULATOR_START_TIMEOUT, admin)), STARTER);
        CompletableFuture<MotoServer> dynamoDb = CompletableFuture.supplyAsync(
                timed("dynamodb", times, () -> MotoServer.start(ACCOUNT_ID, EMULATOR_START_TIMEOUT, admin)), STARTER);
        CompletableFuture<SqsEmulator> sqs = CompletableFuture.supplyAsync(
                timed("sqs", times, () -> SqsEmulator.start(gateway.endpoint(), REGION.id(), ACCOUNT_ID)), STARTER);
        try {
            gateway.routeOthers(join(moto).endpoint());
            gateway.route("dynamodb", join(dynamoDb).endpoint());
            gateway.route("sqs", join(sqs).endpoint());
            gateway.start();
        } catch (Exception | Error e) {
            gateway.close();
            moto.thenAccept(MotoServer::close);
            dynamoDb.thenAccept(MotoServer::close);
            sqs.thenAccept(SqsEmulator::close);
            throw e;
        }
        times.put("total", Duration.ofNanos(System.nanoTime() - begin));
        Map<String, Duration> ordered = new LinkedHashMap<>();
        for (String part : new String[] {"moto", "dynamodb", "sqs", "total"}) {
            ordered.put(part, times.get(part));
        }
        LOG.info(
                "event=local_aws_started endpoint={} moto_pids={},{} iam={} startup_ms={}",
                gateway.endpoint(),
                moto.join().pid(),
                dynamoDb.join().pid(),
                enforceIam ? "enforced" : "off",
                millis(ordered));
        return new LocalAws(
                moto.join(), dynamoDb.join(), sqs.join(), gateway, Collections.unmodifiableMap(ordered), enforceIam);
    }

    private interface Start<T> {
        T call() throws Exception;
    }

    private static <T> Supplier<T> timed(String name, Map<String, Duration> times, Start<T> start) {
        return () -> {
            long begin = System.nanoTime();
            try {
                T started = start.call();
                times.put(name, Duration.ofNanos(System.nanoTime() - begin));
                return started;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        };
    }

    private static <T> T join(CompletableFuture<T> future) throws Exception {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
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

    /** The ids of the emulator child processes (moto servers). */
    public List<Long> emulatorPids() {
        return List.of(moto.pid(), dynamoDb.pid());
    }

    /** Shorthand for {@code gateway().onS3Event(listener)}. */
    public void onS3Event(Consumer<S3Notification> listener) {
        gateway.onS3Event(listener);
    }

    /**
     * Wall time of starting moto for S3 and Secrets Manager ({@code moto}), moto for DynamoDB ({@code dynamodb}),
     * ElasticMQ ({@code sqs}) and all ({@code total}, the gateway included).
     */
    public Map<String, Duration> startupTimes() {
        return startupTimes;
    }

    /** What a function or the AWS CLI needs in its environment to use these emulators, with the admin key. */
    public Map<String, String> environment() {
        return environment(new AccessKey(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }

    /** {@link #environment()} with {@code key} instead of the admin key. */
    public Map<String, String> environment(AccessKey key) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_ENDPOINT_URL", endpoint().toString());
        environment.put("AWS_REGION", REGION.id());
        environment.put("AWS_DEFAULT_REGION", REGION.id());
        environment.put("AWS_ACCESS_KEY_ID", key.accessKeyId());
        environment.put("AWS_SECRET_ACCESS_KEY", key.secretAccessKey());
        return Collections.unmodifiableMap(environment);
    }

    /** Whether the emulators authorize requests against IAM policies. */
    public boolean enforcesIam() {
        return enforcesIam;
    }

    /**
     * Creates an IAM user with {@code policies} (IAM policy documents, JSON, by name) and a new access key for it, in
     * every emulator that enforces IAM, and lets presigned URLs be signed with that key.
     *
     * @throws IllegalStateException when the emulators do not enforce IAM
     */
    public AccessKey addUser(String userName, Map<String, String> policies) throws IOException, InterruptedException {
        if (!enforcesIam) {
            throw new IllegalStateException("IAM is not enforced (" + IAM_SWITCH + "=off)");
        }
        AccessKey key = AccessKey.generate();
        moto.addUser(userName, key, policies);
        dynamoDb.addUser(userName, key, policies);
        gateway.addCredentials(key.accessKeyId(), key.secretAccessKey());
        LOG.info(
                "event=iam_user_added user={} access_key_id={} policies={}",
                userName,
                key.accessKeyId(),
                policies.keySet());
        return key;
    }

    /** Path-style, as SDKs address an IP endpoint. */
    public S3Client s3Client() {
        return configure(S3Client.builder().forcePathStyle(true));
    }

    /** Presigned URLs point at the gateway, path-style. */
    public S3Presigner s3Presigner() {
        return S3Presigner.builder()
                .endpointOverride(endpoint())
                .region(REGION)
                .credentialsProvider(credentialsProvider())
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
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
        try {
            gateway.close();
        } catch (Exception e) {
            LOG.warn("event=close_failed component=gateway error=\"{}\"", e.toString());
        }
        sqs.close();
        moto.close();
        dynamoDb.close();
    }

    private static Map<String, Long> millis(Map<String, Duration> times) {
        Map<String, Long> millis = new LinkedHashMap<>();
        times.forEach((name, duration) -> millis.put(name, duration.toMillis()));
        return millis;
    }
}

package io.github.clarifais3sync.wiring;

import io.github.clarifais3sync.storage.S3Endpoint;
import io.github.clarifais3sync.storage.S3ObjectStore;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The functions' AWS SDK clients: each built once, on first use, and shared; all on one HTTP client. Region,
 * credentials and endpoint come from the SDK's own resolution (in Lambda: {@code AWS_REGION}, the execution role's
 * credentials from the environment, and {@code AWS_ENDPOINT_URL} / {@code AWS_ENDPOINT_URL_<SERVICE>} when set:
 * https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/endpoint-config.html), unless {@link Overrides}
 * says otherwise. Every client uses the same retry settings, {@link #MAX_ATTEMPTS} attempts in the SDK's standard
 * mode (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
 */
public final class AwsClients implements AutoCloseable {

    /**
     * Attempts per AWS call, first included, in the SDK's standard retry mode: exponential backoff with full jitter
     * from 100 ms (1 s after throttling), at most 20 s per wait. Stated here for every client; docs/architecture.md
     * "Retries, layer by layer" lists it with the other retry layers.
     */
    public static final int MAX_ATTEMPTS = 3;

    /**
     * Explicit region, endpoint and credentials for every client, for a caller that cannot set them in the process
     * environment: the offline stack runs all four functions in one JVM (see {@link OfflineSeam}). Empty fields
     * leave the SDK's own resolution in place.
     */
    public record Overrides(
            Optional<Region> region,
            Map<String, URI> endpoints,
            Optional<URI> endpoint,
            Optional<AwsCredentialsProvider> credentials) {

        public static Overrides none() {
            return new Overrides(Optional.empty(), Map.of(), Optional.empty(), Optional.empty());
        }

        /**
         * Lambda's process environment: the region from {@code AWS_REGION} and, when {@code AWS_ACCESS_KEY_ID} and
         * {@code AWS_SECRET_ACCESS_KEY} are set (the execution role's credentials on an on-demand start:
         * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime), the
         * SDK's environment-variable provider. That is what the SDK's default chains would settle on, without building
         * and walking the chains (profile files, container and instance metadata providers) on every cold start.
         * Without those variables (SnapStart serves credentials from a container endpoint instead) the SDK's default
         * chain stays in place; endpoints are always left to the SDK.
         */
        public static Overrides forLambda(Map<String, String> environment) {
            Optional<AwsCredentialsProvider> credentials = present(environment, "AWS_ACCESS_KEY_ID")
                                    .isPresent()
                            && present(environment, "AWS_SECRET_ACCESS_KEY").isPresent()
                    ? Optional.of(EnvironmentVariableCredentialsProvider.create())
                    : Optional.empty();
            return new Overrides(
                    present(environment, "AWS_REGION").map(Region::of), Map.of(), Optional.empty(), credentials);
        }

        /** The endpoint for one service ({@code S3}, {@code SQS}, {@code DYNAMODB}, {@code SECRETS_MANAGER}). */
        Optional<URI> endpointFor(String service) {
            return Optional.ofNullable(endpoints.get(service)).or(this::endpoint);
        }

        /**
         * The same variables Lambda and the SDK use ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL},
         * {@code AWS_ENDPOINT_URL_<SERVICE>}, {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
         * {@code AWS_SESSION_TOKEN}), read from a given environment because the SDK reads only the process's.
         */
        public static Overrides fromEnvironment(Map<String, String> environment) {
            Optional<String> id = present(environment, "AWS_ACCESS_KEY_ID");
            Optional<String> secret = present(environment, "AWS_SECRET_ACCESS_KEY");
            Optional<String> token = present(environment, "AWS_SESSION_TOKEN");
            Optional<AwsCredentialsProvider> credentials = id.isPresent() && secret.isPresent()
                    ? Optional.of(StaticCredentialsProvider.create(
                            token.isPresent()
                                    ? AwsSessionCredentials.create(id.get(), secret.get(), token.get())
                                    : AwsBasicCredentials.create(id.get(), secret.get())))
                    : Optional.empty();
            Map<String, URI> endpoints = new java.util.HashMap<>();
            for (String service : new String[] {"S3", "SQS", "DYNAMODB", "SECRETS_MANAGER"}) {
                present(environment, "AWS_ENDPOINT_URL_" + service)
                        .ifPresent(url -> endpoints.put(service, URI.create(url)));
            }
            return new Overrides(
                    present(environment, "AWS_REGION")
                            .or(() -> present(environment, "AWS_DEFAULT_REGION"))
                            .map(Region::of),
                    Map.copyOf(endpoints),
                    present(environment, "AWS_ENDPOINT_URL").map(URI::create),
                    credentials);
        }

        private static Optional<String> present(Map<String, String> environment, String name) {
            String value = environment.get(name);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
        }
    }

    private final Overrides overrides;
    private SdkHttpClient httpClient;
    private SharedTls tls;
    private S3ObjectStore objectStore;
    private AwsCredentialsProvider credentialsProvider;
    private SqsClient sqs;
    private DynamoDbClient dynamoDb;
    private SecretsManagerClient secretsManager;

    public AwsClients(Overrides overrides) {
        this.overrides = overrides;
    }

    /**
     * The images bucket's objects: HEAD, GET and presigned GET, signed with the SDK's signer on the shared HTTP client
     * (see {@link S3ObjectStore} for why not the SDK's S3 client). Region and credentials resolve as the SDK's clients
     * resolve them; an S3 endpoint override ({@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL}) puts buckets in the
     * path, as emulators serve them.
     */
    public synchronized S3ObjectStore objectStore() {
        if (objectStore == null) {
            Region region = overrides.region().orElseGet(() -> new DefaultAwsRegionProviderChain().getRegion());
            Optional<URI> override = overrides
                    .endpointFor("S3")
                    .or(() -> environmentUri("AWS_ENDPOINT_URL_S3"))
                    .or(() -> environmentUri("AWS_ENDPOINT_URL"));
            credentialsProvider = overrides
                    .credentials()
                    .orElseGet(() -> DefaultCredentialsProvider.builder().build());
            objectStore = new S3ObjectStore(
                    override.map(uri -> S3Endpoint.override(uri, region)).orElseGet(() -> S3Endpoint.regional(region)),
                    credentialsProvider,
                    httpClient(),
                    Clock.systemUTC());
        }
        return objectStore;
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = configure(SqsClient.builder(), "SQS").build();
        }
        return sqs;
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = configure(DynamoDbClient.builder(), "DYNAMODB").build();
        }
        return dynamoDb;
    }

    public synchronized SecretsManagerClient secretsManager() {
        if (secretsManager == null) {
            secretsManager =
                    configure(SecretsManagerClient.builder(), "SECRETS_MANAGER").build();
        }
        return secretsManager;
    }

    /** True when S3 is reached through an endpoint override: emulators serve buckets in the path. */
    public boolean s3PathStyle() {
        return overrides
                .endpointFor("S3")
                .or(() -> environmentUri("AWS_ENDPOINT_URL_S3"))
                .or(() -> environmentUri("AWS_ENDPOINT_URL"))
                .isPresent();
    }

    private static Optional<URI> environmentUri(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(URI.create(value.strip()));
    }

    /**
     * A client builder with the functions' HTTP client, retry strategy, region, credentials and endpoint override for
     * {@code service} (the suffix of {@code AWS_ENDPOINT_URL_<SERVICE>}); the operations tool builds its S3 client
     * with it.
     */
    public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, String service) {
        builder.httpClient(httpClient())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(MAX_ATTEMPTS)
                        .build()));
        overrides.region().ifPresent(builder::region);
        overrides.credentials().ifPresent(builder::credentialsProvider);
        overrides.endpointFor(service).ifPresent(builder::endpointOverride);
        return builder;
    }

    private SdkHttpClient httpClient() {
        if (httpClient == null) {
            httpClient = UrlConnectionHttpClient.builder()
                    .tlsTrustManagersProvider(tls()::trustManagers)
                    .build();
        }
        return httpClient;
    }

    /** The trust store every HTTP client of the function shares, the Clarifai client's included. */
    public synchronized SharedTls tls() {
        if (tls == null) {
            tls = SharedTls.load();
        }
        return tls;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable client : new AutoCloseable[] {
            credentialsProvider instanceof AutoCloseable closeable ? closeable : null,
            sqs,
            dynamoDb,
            secretsManager,
            httpClient
        }) {
            if (client != null) {
                try {
                    client.close();
                } catch (Exception ignored) {
                    // Closing at the end of a run; nothing to recover.
                }
            }
        }
    }
}

package io.github.clarifais3sync.wiring;

import io.github.clarifais3sync.batch.BackoffSchedule;
import io.github.clarifais3sync.batch.SqsBatch;
import io.github.clarifais3sync.batch.SqsRedelivery;
import io.github.clarifais3sync.config.Configuration;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.ledger.DynamoDbLedger;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.metrics.AttemptMetrics;
import io.github.clarifais3sync.metrics.EmfMetrics;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.storage.ObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the clients every function shares from its environment: the AWS clients of {@link AwsClients}, the ledger,
 * the Clarifai client, the SQS batch machinery and the function's {@link Metrics}, which the handler flushes after
 * every invocation. Each handler's public no-arg constructor is its function's composition root: it calls
 * {@link #forLambda} once (the INIT phase), reads its settings from {@link #environment} and builds its service from
 * these parts, so every invocation of a warm function reuses the same clients.
 */
public final class DependencyFactory {

    private final Map<String, String> environment;
    private final AwsClients aws;
    private final Clock clock = Clock.systemUTC();
    private final Metrics metrics;

    DependencyFactory(Map<String, String> environment, AwsClients aws) {
        this.environment = Map.copyOf(environment);
        this.aws = aws;
        Configuration.Metrics config = Configuration.Metrics.from(environment);
        this.metrics = new EmfMetrics(config.namespace(), config.service(), config.functionName());
    }

    /**
     * Lambda's way: the process environment, read as {@link AwsClients.Overrides#forLambda} says; inside
     * {@link OfflineSeam#newHandler}, the environment the offline stack gives that function instead.
     */
    public static DependencyFactory forLambda() {
        Map<String, String> offline = OfflineSeam.environment();
        if (offline != null) {
            return new DependencyFactory(offline, new AwsClients(AwsClients.Overrides.fromEnvironment(offline)));
        }
        Map<String, String> environment = System.getenv();
        return new DependencyFactory(environment, new AwsClients(AwsClients.Overrides.forLambda(environment)));
    }

    /** The function's environment, which its settings are read from. */
    public Map<String, String> environment() {
        return environment;
    }

    /** The function's AWS clients, for its priming before a SnapStart snapshot (package {@code priming}). */
    public AwsClients aws() {
        return aws;
    }

    /** The function's metrics: what its services record, flushed by its handler after each invocation. */
    public Metrics metrics() {
        return metrics;
    }

    public Clock clock() {
        return clock;
    }

    public SqsClient sqs() {
        return aws.sqs();
    }

    public ObjectStore objectStore() {
        return aws.objectStore();
    }

    public Ledger ledger(Configuration.Ledger config) {
        return new DynamoDbLedger(aws.dynamoDb(), config.table(), config.deletedItemTtl());
    }

    public InputsClient inputsClient(Configuration.Clarifai config) {
        return InputsClient.builder()
                .baseUrl(config.baseUrl())
                .pathForm(config.pathForm())
                .userId(config.userId())
                .appId(config.appId())
                .apiKey(new SecretsManagerApiKey(aws.secretsManager(), config.apiKeySecret(), clock))
                .attemptListener(new AttemptMetrics(metrics))
                .sslContext(aws.tls().context())
                .build();
    }

    /**
     * A queue's batch machinery: retried messages come back after a backoff from {@code retryBase} to
     * {@code retryMax}; log events are named after {@code function}.
     */
    public SqsBatch sqsBatch(String function, String queueUrl, Duration retryBase, Duration retryMax) {
        return new SqsBatch(
                function, new SqsRedelivery(function, aws.sqs(), queueUrl, new BackoffSchedule(retryBase, retryMax)));
    }
}

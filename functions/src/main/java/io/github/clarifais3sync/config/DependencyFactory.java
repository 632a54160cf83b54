package io.github.clarifais3sync.config;

import io.github.clarifais3sync.backfill.BackfillService;
import io.github.clarifais3sync.backfill.DynamoDbCheckpoints;
import io.github.clarifais3sync.backfill.ObjectBackfill;
import io.github.clarifais3sync.delete.DeleteService;
import io.github.clarifais3sync.enqueue.EnqueueService;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.labels.LabelsService;
import io.github.clarifais3sync.ledger.DynamoDbLedger;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.metrics.AttemptMetrics;
import io.github.clarifais3sync.metrics.EmfMetrics;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.status.SqsRetryQueue;
import io.github.clarifais3sync.status.StatusService;
import io.github.clarifais3sync.sync.StaleInputs;
import io.github.clarifais3sync.upload.BackoffSchedule;
import io.github.clarifais3sync.upload.SqsRedelivery;
import io.github.clarifais3sync.upload.UploadService;
import java.time.Clock;
import java.util.Map;

/**
 * The one place that builds a function's collaborators from its configuration. Handlers call it once, in their
 * constructor (the INIT phase), so every invocation of a warm function reuses the same clients: the AWS clients of
 * {@link AwsClients}, one Clarifai client and the function's {@link Metrics}, which the handler flushes after every
 * invocation.
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

    /** Lambda's way: the process environment, read as {@link AwsClients.Overrides#forLambda} says. */
    public static DependencyFactory forLambda() {
        Map<String, String> environment = System.getenv();
        return new DependencyFactory(environment, new AwsClients(AwsClients.Overrides.forLambda(environment)));
    }

    /** The function's metrics: what its services record, flushed by its handler after each invocation. */
    public Metrics metrics() {
        return metrics;
    }

    public EnqueueService enqueueService() {
        Configuration.Enqueue config = Configuration.Enqueue.from(environment);
        return new EnqueueService(aws.sqs(), config.queueUrl(), config.labelsQueueUrl(), config.removalsQueueUrl(),
                ledger(config.ledger()), config.keys(), metrics, clock);
    }

    /** The upload function's service and how its retried messages come back. */
    public record UploadParts(UploadService service, SqsRedelivery redelivery) {
    }

    public UploadParts upload() {
        Configuration.Upload config = Configuration.Upload.from(environment);
        Ledger ledger = ledger(config.ledger());
        InputsClient inputs = inputsClient(config.clarifai());
        UploadService service = new UploadService(inputs, ledger, aws.objectStore(),
                new StaleInputs(ledger, inputs, metrics, clock), new UploadService.Options(config.imageSource(),
                config.presignedUrlTtl(), config.maxRequestBytes(), config.parallelism(), config.labelRules()), metrics,
                clock);
        return new UploadParts(service, new SqsRedelivery(aws.sqs(), config.queueUrl(),
                new BackoffSchedule(config.retryBase(), config.retryMax())));
    }

    /** The labels function's service and how its retried messages come back. */
    public record LabelsParts(LabelsService service, SqsRedelivery redelivery) {
    }

    public LabelsParts labels() {
        Configuration.Labels config = Configuration.Labels.from(environment);
        LabelsService service = new LabelsService(inputsClient(config.clarifai()), ledger(config.ledger()),
                aws.objectStore(), config.labelRules(), config.keys(),
                config.parallelism(), config.hold(), clock);
        return new LabelsParts(service, new SqsRedelivery(aws.sqs(), config.queueUrl(),
                new BackoffSchedule(config.retryBase(), config.retryMax())));
    }

    public StatusService statusService() {
        Configuration.Status config = Configuration.Status.from(environment);
        return new StatusService(inputsClient(config.clarifai()), ledger(config.ledger()),
                new SqsRetryQueue(aws.sqs(), config.queueUrl()), new StatusService.Options(config.giveUpAfter(),
                config.maxAttempts(), config.retryDelay()), metrics, clock);
    }

    /** The delete function's service and how its retried removals come back. */
    public record DeleteParts(DeleteService service, SqsRedelivery redelivery) {
    }

    public DeleteParts delete() {
        Configuration.Delete config = Configuration.Delete.from(environment);
        Ledger ledger = ledger(config.ledger());
        DeleteService service = new DeleteService(ledger, new StaleInputs(ledger, inputsClient(config.clarifai()),
                metrics, clock), clock);
        return new DeleteParts(service, new SqsRedelivery(aws.sqs(), config.queueUrl(),
                new BackoffSchedule(config.retryBase(), config.retryMax())));
    }

    /** The S3 Batch Operations backfill: the enqueue function's settings plus HeadObject for size and eTag. */
    public ObjectBackfill objectBackfill() {
        Configuration.Enqueue config = Configuration.Enqueue.from(environment);
        Ledger ledger = ledger(config.ledger());
        return new ObjectBackfill(aws.objectStore(), ledger,
                new EnqueueService(aws.sqs(), config.queueUrl(), ledger, config.keys(), metrics, clock), config.keys());
    }

    private Ledger ledger(Configuration.Ledger config) {
        return new DynamoDbLedger(aws.dynamoDb(), config.table(), config.deletedItemTtl());
    }

    private InputsClient inputsClient(Configuration.Clarifai config) {
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
}

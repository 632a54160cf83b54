package io.github.clarifais3sync.wiring.priming;

import io.github.clarifais3sync.config.Configuration;
import io.github.clarifais3sync.inputs.InputsPriming;
import io.github.clarifais3sync.ledger.DynamoDbLedger;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.wiring.AwsClients;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * Priming for Lambda SnapStart: when Lambda initializes a function to take its snapshot
 * ({@code AWS_LAMBDA_INITIALIZATION_TYPE} is {@code snap-start},
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html), the function sends a sample event through
 * its JSON path and makes one harmless call per AWS client, so the classes of the first invocation (Jackson's readers
 * and writers, the SDK's marshallers, signer and TLS) are loaded and compiled in the snapshot, as AWS recommends
 * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-best-practices.html). On any other start it does nothing.
 *
 * <p>The Clarifai client's path is primed with a placeholder instead of the key ({@link InputsPriming}).
 *
 * <p>What priming never does (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-uniqueness.html): read the
 * Clarifai key (a snapshot must not hold a secret; the key is fetched on first use, after restore), write anything,
 * keep a connection open (every priming request asks the server to close it), or create ids or random seeds. The AWS
 * calls touch nothing that exists: a ledger key no item has (queried, and updated under a condition that cannot hold),
 * an empty batch SQS refuses, a secret version no secret has; their expected errors are the point. A failure of
 * priming is logged and never fails INIT.
 */
public final class Priming {

    /** Lambda's reserved variable naming how this execution environment is initialized. */
    public static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";
    /** Its value when the environment is initialized for a SnapStart snapshot. */
    public static final String SNAP_START = "snap-start";

    /** The ledger key priming reads: no item ever has it (the ledger's keys are bucket and key names). */
    static final String NO_SUCH_KEY = "clarifai-s3-sync/priming";
    /** A Secrets Manager version id no secret has (ids are UUIDs Secrets Manager picks), so the key is never read. */
    static final String NO_SUCH_SECRET_VERSION = "00000000-0000-0000-0000-000000000000";

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private Priming() {}

    /** True when Lambda initializes this environment for a snapshot. */
    public static boolean forSnapshot(Map<String, String> environment) {
        return SNAP_START.equals(environment.get(INITIALIZATION_TYPE));
    }

    /** Runs {@code primer} when the environment is initialized for a snapshot; a failure is logged, never thrown. */
    static void ifSnapStart(Map<String, String> environment, String function, Runnable primer) {
        if (!forSnapshot(environment)) {
            return;
        }
        long started = System.nanoTime();
        try {
            primer.run();
            Log.info("priming.done", "function", function, "millis", (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException | LinkageError e) {
            Log.warn("priming.failed", "function", function, "error", e.toString());
        }
    }

    /**
     * Every priming request: asks the server to close the connection after answering (HTTP/1.1 {@code Connection:
     * close}, which the SDK leaves unsigned), so no pooled connection is frozen into the snapshot, and gives up after
     * a few seconds.
     */
    static void closeAfter(AwsRequestOverrideConfiguration.Builder override) {
        override.putHeader("Connection", "close").apiCallTimeout(CALL_TIMEOUT);
    }

    /** One AWS call whose answer does not matter: an error answer loads the same marshallers and signer. */
    static void call(String what, Runnable call) {
        try {
            call.run();
        } catch (SdkException expected) {
            Log.debug(
                    "priming.call", "call", what, "answer", expected.getClass().getSimpleName());
        }
    }

    /**
     * What an SQS-triggered function reads and calls (upload, labels): a batch with the enqueue function's message,
     * the partial batch response, the ledger, a presigned URL, the visibility change, Secrets Manager and Clarifai's
     * client without the key.
     */
    static void queueConsumer(AwsClients aws, String table, String queueUrl, Configuration.Clarifai clarifai) {
        SampleEvents.readSqsBatch(SampleEvents.json(SampleEvents.objectVersion()));
        SampleEvents.writeBatchResponse();
        queryLedger(aws, table);
        presign(aws);
        changeNothing(aws, queueUrl);
        askForNoSecret(aws, clarifai.apiKeySecret());
        clarifaiWithoutTheKey(clarifai);
    }

    /**
     * A query of the ledger's table for a key no item has (the functions read the ledger by query), and a conditional
     * update of that key whose condition cannot hold, so DynamoDB writes nothing (the functions' writes are
     * conditional updates).
     */
    static void queryLedger(AwsClients aws, String table) {
        Map<String, AttributeValue> key =
                Map.of("pk", AttributeValue.fromS(NO_SUCH_KEY), "sk", AttributeValue.fromS(NO_SUCH_KEY));
        call(
                "dynamodb.query",
                () -> aws.dynamoDb()
                        .query(r -> r.tableName(table)
                                .limit(1)
                                .keyConditionExpression("pk = :pk")
                                .expressionAttributeValues(Map.of(":pk", key.get("pk")))
                                .overrideConfiguration(Priming::closeAfter)));
        updateNothing(aws, table, key);
    }

    private static void updateNothing(AwsClients aws, String table, Map<String, AttributeValue> key) {
        call(
                "dynamodb.update-item",
                () -> aws.dynamoDb()
                        .updateItem(r -> r.tableName(table)
                                .key(key)
                                .updateExpression("SET primed = :true")
                                .conditionExpression("attribute_exists(pk)")
                                .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true)))
                                .overrideConfiguration(Priming::closeAfter)));
    }

    /** A query of the ledger's sparse pending index (the status function may read nothing else) for no partition. */
    static void queryPendingIndex(AwsClients aws, String table) {
        call(
                "dynamodb.query-index",
                () -> aws.dynamoDb()
                        .query(r -> r.tableName(table)
                                .indexName(DynamoDbLedger.PENDING_INDEX)
                                .limit(1)
                                .keyConditionExpression("pendingPartition = :p")
                                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(NO_SUCH_KEY)))
                                .overrideConfiguration(Priming::closeAfter)));
        updateNothing(
                aws, table, Map.of("pk", AttributeValue.fromS(NO_SUCH_KEY), "sk", AttributeValue.fromS(NO_SUCH_KEY)));
    }

    /** An empty SendMessageBatch, which SQS refuses: the enqueue function's call, sending nothing. */
    static void sendNothing(AwsClients aws, String queueUrl) {
        call(
                "sqs.send-message-batch",
                () -> aws.sqs().sendMessageBatch(r -> r.queueUrl(queueUrl).overrideConfiguration(Priming::closeAfter)));
    }

    /** An empty ChangeMessageVisibilityBatch, which SQS refuses: the redelivery's call, changing nothing. */
    static void changeNothing(AwsClients aws, String queueUrl) {
        call(
                "sqs.change-message-visibility-batch",
                () -> aws.sqs()
                        .changeMessageVisibilityBatch(
                                r -> r.queueUrl(queueUrl).overrideConfiguration(Priming::closeAfter)));
    }

    /** GetSecretValue of a version no secret has: Secrets Manager answers ResourceNotFound, never the key. */
    static void askForNoSecret(AwsClients aws, String secretId) {
        Consumer<GetSecretValueRequest.Builder> request =
                r -> r.secretId(secretId).versionId(NO_SUCH_SECRET_VERSION).overrideConfiguration(Priming::closeAfter);
        call("secretsmanager.get-secret-value", () -> aws.secretsManager().getSecretValue(request));
    }

    /**
     * The Clarifai client's HTTP and JSON path with a placeholder instead of the key, which the API refuses, on a
     * client of its own that is closed afterwards ({@link InputsPriming}).
     */
    static void clarifaiWithoutTheKey(Configuration.Clarifai config) {
        try {
            int status = InputsPriming.exchangeWithoutTheKey(
                    config.baseUrl(), config.pathForm(), config.userId(), config.appId());
            Log.debug("priming.call", "call", "clarifai.list-inputs", "answer", status);
        } catch (IOException | RuntimeException e) {
            Log.debug(
                    "priming.call",
                    "call",
                    "clarifai.list-inputs",
                    "answer",
                    e.getClass().getSimpleName());
        }
    }

    /** A presigned GET URL, computed locally: the S3 signer, with no request. */
    static void presign(AwsClients aws) {
        aws.objectStore().presignedGetUrl("priming-bucket", "priming.jpg", null, Duration.ofMinutes(5));
    }
}

package io.github.clarifais3sync.backfill;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.config.Configuration;
import io.github.clarifais3sync.enqueue.EnqueueService;
import io.github.clarifais3sync.events.MalformedEventException;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.metrics.Invocation;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.wiring.DependencyFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * S3 Batch Operations' "Invoke AWS Lambda function" operation: one task (one object of the job's manifest) per
 * invocation, answered with a result per task
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/batch-ops-invoke-lambda.html). Schema 1.0 names the bucket by
 * {@code s3BucketArn}, 2.0 by {@code s3Bucket}; {@code s3Key} is URL-encoded. A stream handler, because the S3 guide
 * asks Java functions for one. {@code TemporaryFailure} makes S3 retry the task before the job ends;
 * {@code PermanentFailure} lands in the job's completion report.
 */
public final class BatchOperationsHandler implements RequestStreamHandler {

    private final ObjectBackfill backfill;
    private final Metrics metrics;

    public BatchOperationsHandler() {
        DependencyFactory dependencies = DependencyFactory.forLambda();
        // The S3 Batch Operations backfill: the enqueue function's settings plus HeadObject for size and eTag.
        Configuration.Enqueue config = Configuration.Enqueue.from(dependencies.environment());
        Ledger ledger = dependencies.ledger(config.ledger());
        this.metrics = dependencies.metrics();
        this.backfill = new ObjectBackfill(
                dependencies.objectStore(),
                ledger,
                new EnqueueService(
                        dependencies.sqs(), config.queueUrl(), ledger, config.keys(), metrics, dependencies.clock()),
                config.keys());
    }

    BatchOperationsHandler(ObjectBackfill backfill, Metrics metrics) {
        this.backfill = backfill;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (Invocation ignored = Invocation.start(context, metrics)) {
            JsonNode event = Json.MAPPER.readTree(input);
            JsonNode tasks = event == null ? null : event.get("tasks");
            if (tasks == null || !tasks.isArray() || !event.hasNonNull("invocationId")) {
                Log.error(
                        "event.malformed",
                        "function",
                        "batch-backfill",
                        "problem",
                        "not an S3 Batch Operations invocation (no invocationId or tasks)");
                throw new MalformedEventException(
                        List.of("not an S3 Batch Operations invocation (no invocationId " + "or tasks)"));
            }
            ObjectNode response = Json.MAPPER.createObjectNode();
            response.put(
                    "invocationSchemaVersion",
                    event.path("invocationSchemaVersion").asText("1.0"));
            response.put("treatMissingKeysAs", "PermanentFailure");
            response.put("invocationId", event.get("invocationId").asText());
            ArrayNode results = response.putArray("results");
            for (JsonNode task : tasks) {
                results.add(result(task));
            }
            Json.MAPPER.writeValue(output, response);
        }
    }

    private ObjectNode result(JsonNode task) {
        ObjectNode result = Json.MAPPER.createObjectNode();
        result.put("taskId", task.path("taskId").asText());
        String bucket = task.hasNonNull("s3Bucket")
                ? task.get("s3Bucket").asText()
                : task.path("s3BucketArn").asText("").replaceFirst("^arn:[^:]+:s3:::", "");
        String encodedKey = task.path("s3Key").asText(null);
        if (bucket.isEmpty() || encodedKey == null) {
            return failed(result, "PermanentFailure", "task without s3Bucket/s3BucketArn or s3Key");
        }
        String key;
        try {
            // Form decoding: S3 sends spaces as '+' even where the manifest had %20.
            key = URLDecoder.decode(encodedKey, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return failed(result, "PermanentFailure", "s3Key is not URL-encoded: " + encodedKey);
        }
        String versionId = task.hasNonNull("s3VersionId")
                        && !task.get("s3VersionId").asText().isEmpty()
                ? task.get("s3VersionId").asText()
                : null;
        try {
            ObjectBackfill.Outcome outcome = backfill.backfill(bucket, key, versionId);
            Log.info(
                    "backfill.task",
                    "bucket",
                    bucket,
                    "key",
                    key,
                    "versionId",
                    versionId,
                    "queued",
                    outcome.queued(),
                    "result",
                    outcome.description());
            result.put("resultCode", "Succeeded");
            result.put("resultString", outcome.description());
        } catch (RuntimeException e) {
            // SQS, DynamoDB or S3 refused or were unreachable: S3 retries the task.
            Log.warn("backfill.task-failed", "bucket", bucket, "key", key, "error", e.toString());
            return failed(result, "TemporaryFailure", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return result;
    }

    private static ObjectNode failed(ObjectNode result, String code, String description) {
        result.put("resultCode", code);
        result.put("resultString", description);
        return result;
    }
}

package io.github.clarifais3sync.delete;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.batch.SqsBatch;
import io.github.clarifais3sync.batch.SqsBatchResponse;
import io.github.clarifais3sync.config.Configuration;
import io.github.clarifais3sync.events.S3EventReader;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.metrics.Invocation;
import io.github.clarifais3sync.metrics.Metric;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.sync.StaleInputs;
import io.github.clarifais3sync.wiring.Deadlines;
import io.github.clarifais3sync.wiring.DependencyFactory;
import io.github.clarifais3sync.wiring.priming.DeletePriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Removals → delete the objects' inputs. Two triggers:
 * <ul>
 *   <li>the removals queue, where the enqueue function puts each S3 removal after telling the ledger: batches of up to
 *       128 messages, whose inputs go in DELETE requests of up to 128 ids, through the {@link SqsBatch} machinery: a
 *       removal whose request Clarifai refused comes back after the upload function's backoff, listed in the partial
 *       batch response (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html);</li>
 *   <li>S3 {@code ObjectRemoved:*} notifications or EventBridge {@code Object Deleted} events, invoked
 *       asynchronously (events already on their way when a stack is updated): an exception (Clarifai refused or was
 *       unreachable, or part of the event unreadable) makes Lambda retry, then send the event to the on-failure
 *       destination.</li>
 * </ul>
 * A stream handler, like the enqueue function's.
 */
public final class DeleteHandler implements RequestStreamHandler {

    private final DeleteService service;
    private final SqsBatch batch;
    private final Metrics metrics;

    public DeleteHandler() {
        DependencyFactory dependencies = DependencyFactory.forLambda();
        Configuration.Delete config = Configuration.Delete.from(dependencies.environment());
        Ledger ledger = dependencies.ledger(config.ledger());
        this.metrics = dependencies.metrics();
        this.service = new DeleteService(
                ledger,
                new StaleInputs(
                        ledger,
                        dependencies.inputsClient(config.clarifai()),
                        metrics,
                        dependencies.clock(),
                        config.parallelism()),
                dependencies.clock());
        this.batch = dependencies.sqsBatch("delete", config.queueUrl(), config.retryBase(), config.retryMax());
        DeletePriming.ifSnapStart(dependencies.aws(), dependencies.environment());
    }

    DeleteHandler(DeleteService service, SqsBatch batch, Metrics metrics) {
        this.service = service;
        this.batch = batch;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = Json.MAPPER.readTree(input);
        if (isSqsBatch(event)) {
            handleBatch(event, context).writeTo(output);
            return;
        }
        DeleteService.DeleteReport report = handle(event, context);
        Json.write(
                output,
                Json.MAPPER
                        .createObjectNode()
                        .put("records", report.records())
                        .put("inputsDeleted", report.inputsDeleted()));
    }

    /** Whether the event is an SQS batch (its records come from {@code aws:sqs}) rather than an S3 event. */
    static boolean isSqsBatch(JsonNode event) {
        JsonNode records = event.path("Records");
        return records.isArray()
                && !records.isEmpty()
                && "aws:sqs".equals(records.get(0).path("eventSource").asText());
    }

    /** One batch from the removals queue: the messages that must come back. */
    public SqsBatchResponse handleBatch(JsonNode event, Context context) {
        try (Invocation ignored = Invocation.start(context, metrics)) {
            SqsBatchResponse response = batch.process(event, Deadlines.of(context), service::drain);
            metrics.record(Metric.MESSAGES_RETRIED, response.failedMessageIds().size());
            return response;
        }
    }

    /** One S3 notification or EventBridge event: the records read and the inputs deleted. */
    public DeleteService.DeleteReport handle(JsonNode event, Context context) {
        try (Invocation ignored = Invocation.start(context, metrics)) {
            S3EventReader.Reading reading = S3EventReader.read(event);
            if (reading.testEvent()) {
                Log.info("delete.test-event", "reason", "s3:TestEvent names no object");
            }
            DeleteService.DeleteReport report = service.delete(reading.events(), Deadlines.of(context));
            reading.failIfMalformed("delete");
            return report;
        }
    }
}

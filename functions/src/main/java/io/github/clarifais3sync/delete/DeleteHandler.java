package io.github.clarifais3sync.delete;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.config.Deadlines;
import io.github.clarifais3sync.config.DependencyFactory;
import io.github.clarifais3sync.config.OfflineSeam;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.events.S3EventReader;
import io.github.clarifais3sync.events.SqsBatchResponse;
import io.github.clarifais3sync.metrics.Metric;
import io.github.clarifais3sync.upload.SqsRedelivery;
import io.github.clarifais3sync.upload.UploadHandler;
import io.github.clarifais3sync.upload.UploadService;
import io.github.clarifais3sync.logging.Invocation;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.logging.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Removals → delete the objects' inputs. Two triggers:
 * <ul>
 *   <li>the removals queue, where the enqueue function puts each S3 removal after telling the ledger: batches of up to
 *       128 messages, whose inputs go in DELETE requests of up to 128 ids; a removal whose request Clarifai refused
 *       comes back after the upload function's backoff ({@link SqsRedelivery}), listed in the partial batch response
 *       (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html);</li>
 *   <li>S3 {@code ObjectRemoved:*} notifications or EventBridge {@code Object Deleted} events, invoked
 *       asynchronously: an exception (Clarifai refused or was unreachable, or part of the event unreadable) makes
 *       Lambda retry, then send the event to the on-failure destination.</li>
 * </ul>
 * A stream handler, like the enqueue function's.
 */
public final class DeleteHandler implements RequestStreamHandler {

    private final DeleteService service;
    private final SqsRedelivery redelivery;
    private final Metrics metrics;

    public DeleteHandler() {
        this(DependencyFactory.forLambda());
    }

    /** The offline stack's seam: runs with the given Lambda environment ({@link OfflineSeam}). */
    public DeleteHandler(Map<String, String> environment) {
        this(OfflineSeam.dependencies(environment));
    }

    private DeleteHandler(DependencyFactory dependencies) {
        this(dependencies.delete(), dependencies.metrics());
    }

    private DeleteHandler(DependencyFactory.DeleteParts delete, Metrics metrics) {
        this(delete.service(), delete.redelivery(), metrics);
    }

    DeleteHandler(DeleteService service, SqsRedelivery redelivery, Metrics metrics) {
        this.service = service;
        this.redelivery = redelivery;
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
        Json.write(output, Json.MAPPER.createObjectNode()
                .put("records", report.records()).put("inputsDeleted", report.inputsDeleted()));
    }

    /** Whether the event is an SQS batch (its records come from {@code aws:sqs}) rather than an S3 event. */
    static boolean isSqsBatch(JsonNode event) {
        JsonNode records = event.path("Records");
        return records.isArray() && !records.isEmpty()
                && "aws:sqs".equals(records.get(0).path("eventSource").asText());
    }

    /** One batch from the removals queue: the messages that must come back. */
    public SqsBatchResponse handleBatch(JsonNode event, Context context) {
        try (Invocation ignored = Invocation.start(context, metrics)) {
            List<UploadService.Message> messages = UploadHandler.messages(event);
            List<UploadService.Message> retried = SqsRedelivery.retried(service.drain(messages,
                    Deadlines.of(context)));
            redelivery.backOff(retried);
            metrics.record(Metric.MESSAGES_RETRIED, retried.size());
            Log.info("delete.batch", "messages", messages.size(), "retry", retried.size());
            return SqsRedelivery.batchResponse(retried);
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

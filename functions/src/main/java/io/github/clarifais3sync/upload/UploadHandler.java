package io.github.clarifais3sync.upload;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.config.Deadlines;
import io.github.clarifais3sync.config.DependencyFactory;
import io.github.clarifais3sync.config.OfflineSeam;
import io.github.clarifais3sync.events.SqsBatchResponse;
import io.github.clarifais3sync.events.SqsMessage;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.logging.Invocation;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.metrics.Metric;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.priming.UploadPriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Upload queue → Clarifai, one add-inputs call per batch of up to 128 messages. Returns a partial batch response
 * built in one place from the messages' {@link Outcome}s: only the retried messages are listed, which works only with
 * {@code FunctionResponseTypes: [ReportBatchItemFailures]} on the event source
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html); before returning, their visibility
 * is set to a backoff delay ({@link SqsRedelivery}). A stream handler: the runtime hands over the event's JSON as is
 * (https://docs.aws.amazon.com/lambda/latest/dg/java-handler.html), read once by the functions' one Jackson
 * ({@link SqsMessage}), so no second JSON library and no event types load on the cold start.
 */
public final class UploadHandler implements RequestStreamHandler {

    private final UploadService service;
    private final SqsRedelivery redelivery;
    private final Metrics metrics;

    public UploadHandler() {
        this(DependencyFactory.forLambda());
    }

    /** The offline stack's seam: runs with the given Lambda environment ({@link OfflineSeam}). */
    public UploadHandler(Map<String, String> environment) {
        this(OfflineSeam.dependencies(environment));
    }

    private UploadHandler(DependencyFactory dependencies) {
        this(dependencies.upload(), dependencies.metrics());
        UploadPriming.ifSnapStart(dependencies.aws(), dependencies.environment());
    }

    private UploadHandler(DependencyFactory.UploadParts upload, Metrics metrics) {
        this(upload.service(), upload.redelivery(), metrics);
    }

    UploadHandler(UploadService service, SqsRedelivery redelivery, Metrics metrics) {
        this.service = service;
        this.redelivery = redelivery;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        handle(Json.MAPPER.readTree(input), context).writeTo(output);
    }

    /** One SQS batch: the messages that must come back. */
    public SqsBatchResponse handle(JsonNode event, Context context) {
        try (Invocation ignored = Invocation.start(context, metrics)) {
            List<UploadService.Message> messages = messages(event);
            List<UploadService.Message> retried = SqsRedelivery.retried(service.upload(messages,
                    Deadlines.of(context)));
            redelivery.backOff(retried);
            metrics.record(Metric.MESSAGES_RETRIED, retried.size());
            Log.info("upload.batch", "messages", messages.size(), "retry", retried.size());
            return SqsRedelivery.batchResponse(retried);
        }
    }

    /** An SQS event's records as messages with their receive counts (the labels function reads its queue the same way). */
    public static List<UploadService.Message> messages(JsonNode event) {
        return SqsMessage.read(event).stream().map(record -> new UploadService.Message(record.messageId(),
                record.body(), record.receiptHandle(), record.receiveCount())).toList();
    }
}

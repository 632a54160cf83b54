package io.github.clarifais3sync.upload;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.github.clarifais3sync.config.Deadlines;
import io.github.clarifais3sync.config.DependencyFactory;
import io.github.clarifais3sync.config.OfflineSeam;
import io.github.clarifais3sync.logging.Invocation;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.metrics.Metric;
import io.github.clarifais3sync.metrics.Metrics;
import java.util.List;
import java.util.Map;

/**
 * Upload queue → Clarifai, one add-inputs call per batch of up to 128 messages. Returns a partial batch response
 * built in one place from the messages' {@link Outcome}s: only the retried messages are listed, which works only with
 * {@code FunctionResponseTypes: [ReportBatchItemFailures]} on the event source
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html); before returning, their visibility
 * is set to a backoff delay ({@link SqsRedelivery}).
 */
public final class UploadHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

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
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        try (Invocation ignored = Invocation.start(context, metrics)) {
            List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of()
                    : event.getRecords();
            List<UploadService.Message> messages = records.stream().map(UploadHandler::message).toList();
            List<UploadService.Message> retried = SqsRedelivery.retried(service.upload(messages,
                    Deadlines.of(context)));
            redelivery.backOff(retried);
            metrics.record(Metric.MESSAGES_RETRIED, retried.size());
            Log.info("upload.batch", "messages", messages.size(), "retry", retried.size());
            return SqsRedelivery.batchResponse(retried);
        }
    }

    /** One SQS record as a message with its receive count (the labels function reads its queue the same way). */
    public static UploadService.Message message(SQSEvent.SQSMessage record) {
        String count = record.getAttributes() == null ? null : record.getAttributes().get("ApproximateReceiveCount");
        int receiveCount;
        try {
            receiveCount = count == null ? 1 : Math.max(1, Integer.parseInt(count));
        } catch (NumberFormatException notANumber) {
            receiveCount = 1;
        }
        return new UploadService.Message(record.getMessageId(), record.getBody(), record.getReceiptHandle(),
                receiveCount);
    }
}

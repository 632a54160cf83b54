package io.github.clarifais3sync.upload;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.github.clarifais3sync.config.Deadlines;
import io.github.clarifais3sync.config.DependencyFactory;
import io.github.clarifais3sync.logging.Log;
import java.util.List;
import java.util.Map;

/**
 * Upload queue → Clarifai, one add-inputs call per batch of up to 128 messages. Returns a partial batch response:
 * only the listed messages come back, which works only with {@code FunctionResponseTypes: [ReportBatchItemFailures]}
 * on the event source (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
 */
public final class UploadHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final UploadService service;

    public UploadHandler() {
        this(System.getenv());
    }

    /** Runs with the given Lambda environment (the offline stack passes the one template.yaml declares). */
    public UploadHandler(Map<String, String> environment) {
        this(DependencyFactory.forEnvironment(environment).uploadService());
    }

    UploadHandler(UploadService service) {
        this.service = service;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        List<UploadService.Message> messages = records.stream()
                .map(m -> new UploadService.Message(m.getMessageId(), m.getBody()))
                .toList();
        List<String> retry = service.upload(messages, Deadlines.of(context));
        Log.info("upload.batch", "messages", messages.size(), "retry", retry.size());
        return SQSBatchResponse.builder()
                .withBatchItemFailures(retry.stream()
                        .map(id -> SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(id).build())
                        .toList())
                .build();
    }
}

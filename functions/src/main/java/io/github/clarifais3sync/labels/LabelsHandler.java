package io.github.clarifais3sync.labels;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.config.Deadlines;
import io.github.clarifais3sync.config.DependencyFactory;
import io.github.clarifais3sync.config.OfflineSeam;
import io.github.clarifais3sync.events.SqsBatchResponse;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.logging.Invocation;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.upload.SqsRedelivery;
import io.github.clarifais3sync.upload.UploadHandler;
import io.github.clarifais3sync.upload.UploadService;
import io.github.clarifais3sync.priming.LabelsPriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Labels queue → Clarifai PATCH: tag changes of up to a batch of objects, applied in requests of up to 128 inputs.
 * Like the upload function, it lists only the messages that must come back, which works only with
 * {@code FunctionResponseTypes: [ReportBatchItemFailures]} (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html),
 * and sets their visibility before returning: a backoff delay, or, for changes held back to share a full request,
 * the ledger's flush instant (README "Labels"). A stream handler, like the upload function's.
 */
public final class LabelsHandler implements RequestStreamHandler {

    private final LabelsService service;
    private final SqsRedelivery redelivery;
    private final Metrics metrics;

    public LabelsHandler() {
        this(DependencyFactory.forLambda());
    }

    /** The offline stack's seam: runs with the given Lambda environment ({@link OfflineSeam}). */
    public LabelsHandler(Map<String, String> environment) {
        this(OfflineSeam.dependencies(environment));
    }

    private LabelsHandler(DependencyFactory dependencies) {
        this(dependencies.labels(), dependencies.metrics());
        LabelsPriming.ifSnapStart(dependencies.aws(), dependencies.environment());
    }

    private LabelsHandler(DependencyFactory.LabelsParts labels, Metrics metrics) {
        this(labels.service(), labels.redelivery(), metrics);
    }

    LabelsHandler(LabelsService service, SqsRedelivery redelivery, Metrics metrics) {
        this.service = service;
        this.redelivery = redelivery;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        handle(Json.MAPPER.readTree(input), context).writeTo(output);
    }

    /** One SQS batch of tag changes: the messages that must come back. */
    public SqsBatchResponse handle(JsonNode event, Context context) {
        try (Invocation ignored = Invocation.start(context, metrics)) {
            List<UploadService.Message> messages = UploadHandler.messages(event);
            LabelsService.Applied applied = service.apply(messages, Deadlines.of(context));
            List<UploadService.Message> retried = SqsRedelivery.retried(applied.outcomes());
            Set<String> held = new HashSet<>();
            applied.held().forEach(message -> held.add(message.messageId()));
            redelivery.backOff(retried.stream().filter(message -> !held.contains(message.messageId())).toList());
            redelivery.holdFor(applied.held(), applied.heldFor());
            Log.info("labels.batch", "messages", messages.size(), "retry", retried.size() - held.size(), "held",
                    held.size(), "heldSeconds", applied.heldFor().toSeconds());
            return SqsRedelivery.batchResponse(retried);
        }
    }
}

package io.github.clarifais3sync.labels;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.batch.SqsBatch;
import io.github.clarifais3sync.batch.SqsBatchResponse;
import io.github.clarifais3sync.config.Configuration;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.metrics.Invocation;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.wiring.Deadlines;
import io.github.clarifais3sync.wiring.DependencyFactory;
import io.github.clarifais3sync.wiring.priming.LabelsPriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Labels queue → Clarifai PATCH: tag changes of up to a batch of objects, applied in requests of up to 128 inputs,
 * through the {@link SqsBatch} machinery like the upload function: only the messages that must come back are listed,
 * after a backoff delay, or, for changes held back to share a full request, at the ledger's flush instant
 * (docs/labels.md). A stream handler, like the upload function's.
 */
public final class LabelsHandler implements RequestStreamHandler {

    private final LabelsService service;
    private final SqsBatch batch;
    private final Metrics metrics;

    public LabelsHandler() {
        DependencyFactory dependencies = DependencyFactory.forLambda();
        Configuration.Labels config = Configuration.Labels.from(dependencies.environment());
        this.metrics = dependencies.metrics();
        this.service = new LabelsService(
                dependencies.inputsClient(config.clarifai()),
                dependencies.ledger(config.ledger()),
                dependencies.objectStore(),
                config.labelRules(),
                config.keys(),
                config.parallelism(),
                config.hold(),
                dependencies.clock());
        this.batch = dependencies.sqsBatch("labels", config.queueUrl(), config.retryBase(), config.retryMax());
        LabelsPriming.ifSnapStart(dependencies.aws(), dependencies.environment());
    }

    LabelsHandler(LabelsService service, SqsBatch batch, Metrics metrics) {
        this.service = service;
        this.batch = batch;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        handle(Json.MAPPER.readTree(input), context).writeTo(output);
    }

    /** One SQS batch of tag changes: the messages that must come back. */
    public SqsBatchResponse handle(JsonNode event, Context context) {
        try (Invocation ignored = Invocation.start(context, metrics)) {
            return batch.process(event, Deadlines.of(context), service::apply);
        }
    }
}

package io.github.clarifais3sync.upload;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.batch.SqsBatch;
import io.github.clarifais3sync.batch.SqsBatchResponse;
import io.github.clarifais3sync.batch.SqsMessage;
import io.github.clarifais3sync.config.Configuration;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.metrics.Invocation;
import io.github.clarifais3sync.metrics.Metric;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.sync.StaleInputs;
import io.github.clarifais3sync.wiring.Deadlines;
import io.github.clarifais3sync.wiring.DependencyFactory;
import io.github.clarifais3sync.wiring.priming.UploadPriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Upload queue → Clarifai, one add-inputs call per batch of up to 128 messages, through the {@link SqsBatch}
 * machinery: only the retried messages are listed in the response, and their visibility is set to a backoff delay
 * before returning. A stream handler: the runtime hands over the event's JSON as is
 * (https://docs.aws.amazon.com/lambda/latest/dg/java-handler.html), read once by the functions' one Jackson
 * ({@link SqsMessage}), so no second JSON library and no event types load on the cold start.
 */
public final class UploadHandler implements RequestStreamHandler {

    private final UploadService service;
    private final SqsBatch batch;
    private final Metrics metrics;

    public UploadHandler() {
        DependencyFactory dependencies = DependencyFactory.forLambda();
        Configuration.Upload config = Configuration.Upload.from(dependencies.environment());
        Ledger ledger = dependencies.ledger(config.ledger());
        InputsClient inputs = dependencies.inputsClient(config.clarifai());
        this.metrics = dependencies.metrics();
        this.service = new UploadService(
                inputs,
                ledger,
                dependencies.objectStore(),
                new StaleInputs(ledger, inputs, metrics, dependencies.clock()),
                new UploadService.Options(
                        config.imageSource(),
                        config.presignedUrlTtl(),
                        config.maxRequestBytes(),
                        config.parallelism(),
                        config.labelRules()),
                metrics,
                dependencies.clock());
        this.batch = dependencies.sqsBatch("upload", config.queueUrl(), config.retryBase(), config.retryMax());
        UploadPriming.ifSnapStart(dependencies.aws(), dependencies.environment());
    }

    UploadHandler(UploadService service, SqsBatch batch, Metrics metrics) {
        this.service = service;
        this.batch = batch;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        handle(Json.MAPPER.readTree(input), context).writeTo(output);
    }

    /** One SQS batch: the messages that must come back. */
    public SqsBatchResponse handle(JsonNode event, Context context) {
        try (Invocation ignored = Invocation.start(context, metrics)) {
            SqsBatchResponse response = batch.process(event, Deadlines.of(context), service::upload);
            metrics.record(Metric.MESSAGES_RETRIED, response.failedMessageIds().size());
            return response;
        }
    }
}

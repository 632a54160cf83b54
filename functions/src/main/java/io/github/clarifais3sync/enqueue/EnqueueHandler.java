package io.github.clarifais3sync.enqueue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.config.Configuration;
import io.github.clarifais3sync.events.S3EventReader;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.metrics.Invocation;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.wiring.DependencyFactory;
import io.github.clarifais3sync.wiring.priming.EnqueuePriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * S3 {@code ObjectCreated:*} notifications or EventBridge {@code Object Created} events → upload queue. Both invoke
 * this function asynchronously; a thrown exception (SQS refused, or part of the event unreadable) makes Lambda retry
 * the event and, after the retries, send it to the on-failure destination (template.yaml).
 * {@code s3:TestEvent} (sent when a notification configuration is saved) names no object and is skipped. A stream
 * handler: the event's JSON is read once by the functions' one Jackson, and the runtime's own serializer never loads
 * (https://docs.aws.amazon.com/lambda/latest/dg/java-handler.html).
 */
public final class EnqueueHandler implements RequestStreamHandler {

    private final EnqueueService service;
    private final Metrics metrics;

    public EnqueueHandler() {
        DependencyFactory dependencies = DependencyFactory.forLambda();
        Configuration.Enqueue config = Configuration.Enqueue.from(dependencies.environment());
        this.metrics = dependencies.metrics();
        this.service = new EnqueueService(
                dependencies.sqs(),
                config.queueUrl(),
                config.labelsQueueUrl(),
                config.removalsQueueUrl(),
                dependencies.ledger(config.ledger()),
                config.keys(),
                metrics,
                dependencies.clock());
        EnqueuePriming.ifSnapStart(dependencies.aws(), dependencies.environment());
    }

    EnqueueHandler(EnqueueService service, Metrics metrics) {
        this.service = service;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        EnqueueService.EnqueueReport report = handle(Json.MAPPER.readTree(input), context);
        Json.write(
                output,
                Json.MAPPER.createObjectNode().put("queued", report.queued()).put("skipped", report.skipped()));
    }

    /** One S3 notification or EventBridge event: what was queued and skipped. */
    public EnqueueService.EnqueueReport handle(JsonNode event, Context context) {
        try (Invocation ignored = Invocation.start(context, metrics)) {
            S3EventReader.Reading reading = S3EventReader.read(event);
            if (reading.testEvent()) {
                Log.info("enqueue.test-event", "reason", "s3:TestEvent names no object");
            }
            EnqueueService.EnqueueReport report = service.enqueue(reading.events());
            reading.failIfMalformed("enqueue");
            return report;
        }
    }
}

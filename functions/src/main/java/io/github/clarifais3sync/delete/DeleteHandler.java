package io.github.clarifais3sync.delete;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.wiring.Deadlines;
import io.github.clarifais3sync.config.Configuration;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.sync.StaleInputs;
import io.github.clarifais3sync.wiring.DependencyFactory;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.events.S3EventReader;
import io.github.clarifais3sync.metrics.Invocation;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.wiring.priming.DeletePriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * S3 {@code ObjectRemoved:*} notifications or EventBridge {@code Object Deleted} events → delete the object's inputs.
 * Invoked asynchronously: an exception (Clarifai refused or was unreachable, or part of the event unreadable) makes
 * Lambda retry, then send the event to the on-failure destination. A stream handler, like the enqueue function's.
 */
public final class DeleteHandler implements RequestStreamHandler {

    private final DeleteService service;
    private final Metrics metrics;

    public DeleteHandler() {
        DependencyFactory dependencies = DependencyFactory.forLambda();
        Configuration.Delete config = Configuration.Delete.from(dependencies.environment());
        Ledger ledger = dependencies.ledger(config.ledger());
        this.metrics = dependencies.metrics();
        this.service = new DeleteService(ledger, new StaleInputs(ledger, dependencies.inputsClient(config.clarifai()),
                metrics, dependencies.clock()), dependencies.clock());
        DeletePriming.ifSnapStart(dependencies.aws(), dependencies.environment());
    }

    DeleteHandler(DeleteService service, Metrics metrics) {
        this.service = service;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        DeleteService.DeleteReport report = handle(Json.MAPPER.readTree(input), context);
        Json.write(output, Json.MAPPER.createObjectNode()
                .put("records", report.records()).put("inputsDeleted", report.inputsDeleted()));
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

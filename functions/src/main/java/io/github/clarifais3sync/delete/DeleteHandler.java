package io.github.clarifais3sync.delete;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.config.Deadlines;
import io.github.clarifais3sync.config.DependencyFactory;
import io.github.clarifais3sync.config.OfflineSeam;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.events.S3EventReader;
import io.github.clarifais3sync.logging.Invocation;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.priming.DeletePriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * S3 {@code ObjectRemoved:*} notifications or EventBridge {@code Object Deleted} events → delete the object's inputs.
 * Invoked asynchronously: an exception (Clarifai refused or was unreachable, or part of the event unreadable) makes
 * Lambda retry, then send the event to the on-failure destination. A stream handler, like the enqueue function's.
 */
public final class DeleteHandler implements RequestStreamHandler {

    private final DeleteService service;
    private final Metrics metrics;

    public DeleteHandler() {
        this(DependencyFactory.forLambda());
    }

    /** The offline stack's seam: runs with the given Lambda environment ({@link OfflineSeam}). */
    public DeleteHandler(Map<String, String> environment) {
        this(OfflineSeam.dependencies(environment));
    }

    private DeleteHandler(DependencyFactory dependencies) {
        this(dependencies.deleteService(), dependencies.metrics());
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

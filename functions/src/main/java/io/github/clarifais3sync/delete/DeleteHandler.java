package io.github.clarifais3sync.delete;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import io.github.clarifais3sync.config.Deadlines;
import io.github.clarifais3sync.config.DependencyFactory;
import io.github.clarifais3sync.config.OfflineSeam;
import io.github.clarifais3sync.logging.Invocation;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.logging.Log;
import java.util.Map;

/**
 * S3 {@code ObjectRemoved:*} → delete the object's inputs. Invoked asynchronously by S3: an exception (Clarifai
 * refused or was unreachable) makes Lambda retry, then send the event to the on-failure destination.
 */
public final class DeleteHandler implements RequestHandler<S3Event, DeleteService.DeleteReport> {

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
    }

    DeleteHandler(DeleteService service, Metrics metrics) {
        this.service = service;
        this.metrics = metrics;
    }

    @Override
    public DeleteService.DeleteReport handleRequest(S3Event event, Context context) {
        try (Invocation ignored = Invocation.start(context, metrics)) {
            if (event == null || event.getRecords() == null || event.getRecords().isEmpty()) {
                Log.info("delete.no-records", "reason", "s3:TestEvent or an event without Records");
                return new DeleteService.DeleteReport(0, 0);
            }
            return service.delete(event.getRecords(), Deadlines.of(context));
        }
    }
}

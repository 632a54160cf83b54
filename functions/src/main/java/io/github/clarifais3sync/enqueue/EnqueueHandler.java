package io.github.clarifais3sync.enqueue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import io.github.clarifais3sync.config.DependencyFactory;
import io.github.clarifais3sync.config.OfflineSeam;
import io.github.clarifais3sync.logging.Invocation;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.logging.Log;
import java.util.Map;

/**
 * S3 {@code ObjectCreated:*} → upload queue. S3 invokes this function asynchronously; a thrown exception makes Lambda
 * retry the event and, after the retries, send it to the on-failure destination (template.yaml).
 * {@code s3:TestEvent} (sent when a notification configuration is saved) has no {@code Records} and is skipped.
 */
public final class EnqueueHandler implements RequestHandler<S3Event, EnqueueService.EnqueueReport> {

    private final EnqueueService service;
    private final Metrics metrics;

    public EnqueueHandler() {
        this(DependencyFactory.forLambda());
    }

    /** The offline stack's seam: runs with the given Lambda environment ({@link OfflineSeam}). */
    public EnqueueHandler(Map<String, String> environment) {
        this(OfflineSeam.dependencies(environment));
    }

    private EnqueueHandler(DependencyFactory dependencies) {
        this(dependencies.enqueueService(), dependencies.metrics());
    }

    EnqueueHandler(EnqueueService service, Metrics metrics) {
        this.service = service;
        this.metrics = metrics;
    }

    @Override
    public EnqueueService.EnqueueReport handleRequest(S3Event event, Context context) {
        try (Invocation ignored = Invocation.start(context, metrics)) {
            if (event == null || event.getRecords() == null || event.getRecords().isEmpty()) {
                Log.info("enqueue.no-records", "reason", "s3:TestEvent or an event without Records");
                return new EnqueueService.EnqueueReport(0, 0);
            }
            return service.enqueue(event.getRecords());
        }
    }
}

package io.github.clarifais3sync.enqueue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.github.clarifais3sync.config.DependencyFactory;
import io.github.clarifais3sync.config.OfflineSeam;
import io.github.clarifais3sync.events.S3EventReader;
import io.github.clarifais3sync.logging.Invocation;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.logging.Log;
import java.util.Map;

/**
 * S3 {@code ObjectCreated:*} notifications or EventBridge {@code Object Created} events → upload queue. Both invoke
 * this function asynchronously; a thrown exception (SQS refused, or part of the event unreadable) makes Lambda retry
 * the event and, after the retries, send it to the on-failure destination (template.yaml).
 * {@code s3:TestEvent} (sent when a notification configuration is saved) names no object and is skipped.
 */
public final class EnqueueHandler implements RequestHandler<Map<String, Object>, EnqueueService.EnqueueReport> {

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
    public EnqueueService.EnqueueReport handleRequest(Map<String, Object> event, Context context) {
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

package io.github.clarifais3sync.metrics;

import com.amazonaws.services.lambda.runtime.Context;
import io.github.clarifais3sync.logging.Log;

/**
 * One handler invocation: while open, log records carry its request id (also on threads it starts); closing it
 * flushes the invocation's metrics, so they are written when the handler returns and when it throws. Handlers open
 * it with try-with-resources around their work.
 */
public final class Invocation implements AutoCloseable {

    private final Metrics metrics;

    private Invocation(Metrics metrics) {
        this.metrics = metrics;
    }

    public static Invocation start(Context context, Metrics metrics) {
        Log.bindRequest(context == null ? null : context.getAwsRequestId());
        return new Invocation(metrics);
    }

    @Override
    public void close() {
        try {
            metrics.flush();
        } finally {
            Log.clearRequest();
        }
    }
}

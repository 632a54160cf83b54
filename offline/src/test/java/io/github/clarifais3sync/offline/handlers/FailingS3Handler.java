package io.github.clarifais3sync.offline.handlers;


import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;

/** Test handler: every invocation fails. */
public final class FailingS3Handler implements RequestHandler<S3Event, String> {

    public FailingS3Handler() {
    }

    @Override
    public String handleRequest(S3Event event, Context context) {
        throw new IllegalStateException("failing on purpose");
    }
}

package io.github.clarifais3sync.offline.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;

/**
 * Test handler: remembers every record as {@link RecordingS3Handler} does, and fails an invocation that carries a
 * removal (S3 sends removals to the enqueue function, as it does new objects).
 */
public final class RemovalFailingS3Handler implements RequestHandler<S3Event, String> {

    private final RecordingS3Handler recording = new RecordingS3Handler();

    public RemovalFailingS3Handler() {}

    @Override
    public String handleRequest(S3Event event, Context context) {
        if (event.getRecords().stream().anyMatch(record -> record.getEventName().startsWith("ObjectRemoved"))) {
            throw new IllegalStateException("failing on purpose");
        }
        return recording.handleRequest(event, context);
    }
}

package io.github.clarifais3sync.offline.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Test handler: remembers the event name and decoded key of every S3 record it is invoked with. */
public final class RecordingS3Handler implements RequestHandler<S3Event, String> {

    public static final Queue<String> RECORDS = new ConcurrentLinkedQueue<>();

    public RecordingS3Handler() {}

    @Override
    public String handleRequest(S3Event event, Context context) {
        event.getRecords()
                .forEach(record -> RECORDS.add(
                        record.getEventName() + " " + record.getS3().getObject().getUrlDecodedKey()));
        return "ok";
    }
}

package io.github.clarifais3sync.offline.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Test handler: reports every message whose body contains "poison" as a batch item failure. */
public final class PoisonReportingHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /** "body receiveCount" per message received. */
    public static final Queue<String> RECEIVED = new ConcurrentLinkedQueue<>();

    public PoisonReportingHandler() {}

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        event.getRecords()
                .forEach(message -> RECEIVED.add(
                        message.getBody() + " " + message.getAttributes().get("ApproximateReceiveCount")));
        List<SQSBatchResponse.BatchItemFailure> failures = event.getRecords().stream()
                .filter(message -> message.getBody().contains("poison"))
                .map(message -> new SQSBatchResponse.BatchItemFailure(message.getMessageId()))
                .toList();
        return new SQSBatchResponse(failures);
    }
}

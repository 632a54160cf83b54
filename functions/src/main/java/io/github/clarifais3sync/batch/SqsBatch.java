package io.github.clarifais3sync.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.logging.Log;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One SQS batch through a function's {@link BatchProcessor}, in the shape of Powertools' {@code SqsBatchMessageHandler}
 * (https://docs.powertools.aws.dev/lambda/java/latest/utilities/batch/): the event's records are read as
 * {@link SqsMessage}s, the processor gives each an {@link Outcome}, the messages that come back get their visibility
 * set ({@link SqsRedelivery}: retried ones after their backoff, held ones after their hold), and the partial batch
 * response lists exactly those. The response works only with {@code FunctionResponseTypes: [ReportBatchItemFailures]}
 * on the event source (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html). Log events are
 * named after the function: {@code <function>.batch}.
 */
public final class SqsBatch {

    private final String function;
    private final SqsRedelivery redelivery;

    /** @param function the log events' prefix, the function's short name ({@code upload}, {@code labels}) */
    public SqsBatch(String function, SqsRedelivery redelivery) {
        this.function = function;
        this.redelivery = redelivery;
    }

    /** Processes the event's messages; returns the response listing those that must come back. */
    public SqsBatchResponse process(JsonNode event, Deadline deadline, BatchProcessor processor) {
        List<SqsMessage> messages = SqsMessage.read(event);
        List<MessageOutcome> outcomes = processor.process(messages, deadline);
        List<SqsMessage> retried = new ArrayList<>();
        List<SqsMessage> held = new ArrayList<>();
        Duration heldFor = Duration.ZERO;
        List<String> failed = new ArrayList<>();
        for (MessageOutcome outcome : outcomes) {
            switch (outcome.outcome()) {
                case Outcome.Done done -> {
                    continue;
                }
                case Outcome.Retry retry -> retried.add(outcome.message());
                case Outcome.Hold hold -> {
                    held.add(outcome.message());
                    heldFor = hold.delay().compareTo(heldFor) > 0 ? hold.delay() : heldFor;
                }
            }
            failed.add(outcome.message().messageId());
        }
        redelivery.backOff(retried);
        if (!held.isEmpty()) {
            redelivery.holdFor(held, heldFor);
            Log.info(
                    function + ".batch",
                    "messages",
                    messages.size(),
                    "retry",
                    retried.size(),
                    "held",
                    held.size(),
                    "heldSeconds",
                    heldFor.toSeconds());
        } else {
            Log.info(function + ".batch", "messages", messages.size(), "retry", retried.size());
        }
        return new SqsBatchResponse(failed);
    }
}

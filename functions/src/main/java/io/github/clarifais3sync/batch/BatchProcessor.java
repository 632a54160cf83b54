package io.github.clarifais3sync.batch;

import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.logging.Log;
import java.util.ArrayList;
import java.util.List;

/** A function's work on one SQS batch: every message with its {@link Outcome}, in the batch's order. */
@FunctionalInterface
public interface BatchProcessor {

    List<MessageOutcome> process(List<SqsMessage> messages, Deadline deadline);

    /**
     * A processor that handles each message on its own, one after the other; a message whose processing throws is
     * logged as {@code <function>.message-failed} and retried.
     */
    static BatchProcessor perMessage(String function, MessageProcessor each) {
        return (messages, deadline) -> {
            List<MessageOutcome> outcomes = new ArrayList<>(messages.size());
            for (SqsMessage message : messages) {
                Outcome outcome;
                try {
                    outcome = each.process(message, deadline);
                } catch (RuntimeException e) {
                    Log.warn(function + ".message-failed", "messageId", message.messageId(), "error", e.toString());
                    outcome = Outcome.retry("processing failed: " + e);
                }
                outcomes.add(new MessageOutcome(message, outcome));
            }
            return outcomes;
        };
    }
}

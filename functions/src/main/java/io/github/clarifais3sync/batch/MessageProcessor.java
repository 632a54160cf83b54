package io.github.clarifais3sync.batch;

import io.github.clarifais3sync.inputs.Deadline;

/** A function's work on one SQS message (see {@link BatchProcessor#perMessage}). */
@FunctionalInterface
public interface MessageProcessor {

    Outcome process(SqsMessage message, Deadline deadline);
}

package io.github.clarifais3sync.batch;

/** What became of one message of a batch. */
public record MessageOutcome(SqsMessage message, Outcome outcome) {}

package io.github.clarifais3sync.events;

import java.util.List;

/**
 * The invocation's event (or part of it) could not be read. Thrown after the readable part was handled, so Lambda's
 * asynchronous retries and then the on-failure destination keep the whole event for inspection
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html); a retry of the readable part
 * is harmless because input ids are deterministic.
 */
public final class MalformedEventException extends RuntimeException {

    private final List<String> problems;

    public MalformedEventException(List<String> problems) {
        super("malformed S3 event: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

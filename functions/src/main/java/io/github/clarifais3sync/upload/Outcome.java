package io.github.clarifais3sync.upload;

import java.util.Objects;

/**
 * What became of one object version (or one unreadable message) in one delivery: {@link Kind#DONE}, nothing more to
 * do, its messages are deleted; or {@link Kind#RETRY}, its messages must come back. Always with the reason, for the
 * log line. The upload function's only way of saying "this message comes back".
 */
public record Outcome(Kind kind, String reason) {

    public enum Kind { DONE, RETRY }

    public Outcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    public static Outcome done(String reason) {
        return new Outcome(Kind.DONE, reason);
    }

    public static Outcome retry(String reason) {
        return new Outcome(Kind.RETRY, reason);
    }

    public boolean isRetry() {
        return kind == Kind.RETRY;
    }
}

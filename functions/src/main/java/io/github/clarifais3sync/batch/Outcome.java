package io.github.clarifais3sync.batch;

import java.time.Duration;
import java.util.Objects;

/**
 * What became of one SQS message in one delivery, always with the reason for the log line: {@link Done}, nothing more
 * to do, the message is deleted; {@link Retry}, it comes back after the {@link BackoffSchedule}'s delay; or
 * {@link Hold}, it comes back after a delay the function chose (all of a batch's held messages together).
 */
public sealed interface Outcome permits Outcome.Done, Outcome.Retry, Outcome.Hold {

    String reason();

    /** Nothing more to do: the message is deleted. */
    record Done(String reason) implements Outcome {
        public Done {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The message comes back after its backoff delay. */
    record Retry(String reason) implements Outcome {
        public Retry {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The message comes back after {@code delay}, rounded up to whole seconds. */
    record Hold(String reason, Duration delay) implements Outcome {
        public Hold {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(delay, "delay");
        }
    }

    static Outcome done(String reason) {
        return new Done(reason);
    }

    static Outcome retry(String reason) {
        return new Retry(reason);
    }

    static Outcome hold(String reason, Duration delay) {
        return new Hold(reason, delay);
    }

    /** Whether the message comes back (retried or held). */
    default boolean comesBack() {
        return !(this instanceof Done);
    }
}

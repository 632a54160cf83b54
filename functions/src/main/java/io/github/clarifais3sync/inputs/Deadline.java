package io.github.clarifais3sync.inputs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The time by which a call, retries included, must be done: typically a Lambda's remaining time less a margin. */
public record Deadline(Instant at, Clock clock) {

    public static Deadline after(Duration budget) {
        Clock clock = Clock.systemUTC();
        return new Deadline(clock.instant().plus(budget), clock);
    }

    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), at);
        return left.isNegative() ? Duration.ZERO : left;
    }

    public boolean hasAtLeast(Duration needed) {
        return remaining().compareTo(needed) >= 0;
    }
}

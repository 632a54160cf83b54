package io.github.clarifais3sync.wiring;

import com.amazonaws.services.lambda.runtime.Context;
import io.github.clarifais3sync.inputs.Deadline;
import java.time.Duration;

/** Deadlines from a Lambda context: the remaining time less a margin to record results and return. */
public final class Deadlines {

    private static final Duration MARGIN = Duration.ofSeconds(5);
    private static final Duration WITHOUT_CONTEXT = Duration.ofSeconds(60);

    private Deadlines() {}

    public static Deadline of(Context context) {
        Duration remaining = context == null ? WITHOUT_CONTEXT : Duration.ofMillis(context.getRemainingTimeInMillis());
        Duration budget = remaining.minus(MARGIN);
        return Deadline.after(budget.isNegative() ? Duration.ZERO : budget);
    }
}

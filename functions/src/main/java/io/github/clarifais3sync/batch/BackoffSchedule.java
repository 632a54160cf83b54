package io.github.clarifais3sync.batch;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * How long a retried upload message stays invisible before it comes back, by how often SQS has delivered it
 * ({@code ApproximateReceiveCount}): {@code min(max, base * 2^(n-1))} seconds with equal jitter (half fixed, half
 * random), so a throttling storm's messages come back after seconds, then minutes, spread out rather than all at once.
 */
public final class BackoffSchedule {

    /** SQS's longest visibility timeout, 12 hours. */
    static final long MAX_VISIBILITY_SECONDS = 43_200;

    private final long baseSeconds;
    private final long maxSeconds;
    private final LongUnaryOperator random;

    public BackoffSchedule(Duration base, Duration max) {
        this(base, max, bound -> ThreadLocalRandom.current().nextLong(bound + 1));
    }

    /** @param random given {@code n}, a number from 0 to {@code n} inclusive */
    BackoffSchedule(Duration base, Duration max, LongUnaryOperator random) {
        this.baseSeconds = Math.max(0, base.toSeconds());
        this.maxSeconds = Math.min(MAX_VISIBILITY_SECONDS, Math.max(this.baseSeconds, max.toSeconds()));
        this.random = random;
    }

    /** The delay after the {@code receiveCount}-th delivery (1 for the first) failed. */
    public Duration delay(int receiveCount) {
        long ceiling = ceilingSeconds(receiveCount);
        long half = ceiling / 2;
        return Duration.ofSeconds(ceiling - half + random.applyAsLong(half));
    }

    /** The longest delay after the {@code receiveCount}-th delivery. */
    public long ceilingSeconds(int receiveCount) {
        int doublings = Math.max(0, Math.min(receiveCount, 40) - 1);
        long ceiling = baseSeconds;
        for (int i = 0; i < doublings && ceiling < maxSeconds; i++) {
            ceiling *= 2;
        }
        return Math.min(maxSeconds, ceiling);
    }

    /** The longest a message can wait in all between its deliveries before the {@code maxReceiveCount}-th. */
    public long worstCaseSeconds(int maxReceiveCount) {
        long total = 0;
        for (int n = 1; n < maxReceiveCount; n++) {
            total += ceilingSeconds(n);
        }
        return total;
    }
}

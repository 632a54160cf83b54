package io.github.clarifais3sync.inputs;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter, bounded by the caller's {@link Deadline} rather than an attempt count. Throttling
 * (429 / 11005) waits at least {@code throttleDelay}: Clarifai's rate-limit docs suggest backing off rather than
 * hammering the 15 requests/s default (https://docs.clarifai.com/resources/api-overview/rate-limits).
 *
 * @param baseDelay     first wait; doubles per attempt
 * @param maxDelay      cap of one wait
 * @param throttleDelay least wait after a throttled response
 * @param minAttemptTime a new attempt is only started when at least this much time is left after the wait
 */
public record RetryPolicy(Duration baseDelay, Duration maxDelay, Duration throttleDelay, Duration minAttemptTime) {

    public static RetryPolicy defaults() {
        return new RetryPolicy(
                Duration.ofMillis(250), Duration.ofSeconds(15), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    /** Wait before attempt {@code attempt + 1} (attempt counts from 1), with "equal jitter": half fixed, half random. */
    public Duration delay(int attempt, boolean throttled) {
        long base = baseDelay.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(Math.max(base, throttled ? throttleDelay.toMillis() : 0), maxDelay.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}

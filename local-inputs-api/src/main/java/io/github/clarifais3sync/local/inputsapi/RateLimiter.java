package io.github.clarifais3sync.local.inputsapi;

import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;

/**
 * Clarifai's per-key request limit, 15 requests per second by default on every plan
 * (docs/clarifai-api-notes.md#limits). A token bucket per key holding one second's worth of requests, refilled
 * continuously from the given clock.
 */
final class RateLimiter {
    private final int requestsPerSecond;
    private final InstantSource clock;
    private final Map<String, Bucket> buckets = new HashMap<>();

    private static final class Bucket {
        double tokens;
        long lastRefillNanos;
    }

    /** @param requestsPerSecond 0 turns the limit off */
    RateLimiter(int requestsPerSecond, InstantSource clock) {
        if (requestsPerSecond < 0) {
            throw new IllegalArgumentException("rate limit must not be negative");
        }
        this.requestsPerSecond = requestsPerSecond;
        this.clock = clock;
    }

    int requestsPerSecond() {
        return requestsPerSecond;
    }

    synchronized boolean tryAcquire(String key) {
        if (requestsPerSecond == 0) {
            return true;
        }
        long now = nanos();
        Bucket bucket = buckets.computeIfAbsent(key, k -> {
            Bucket fresh = new Bucket();
            fresh.tokens = requestsPerSecond;
            fresh.lastRefillNanos = now;
            return fresh;
        });
        double refill = (now - bucket.lastRefillNanos) / 1e9 * requestsPerSecond;
        bucket.tokens = Math.min(requestsPerSecond, bucket.tokens + Math.max(0, refill));
        bucket.lastRefillNanos = now;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return true;
        }
        return false;
    }

    synchronized void reset() {
        buckets.clear();
    }

    private long nanos() {
        var instant = clock.instant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}

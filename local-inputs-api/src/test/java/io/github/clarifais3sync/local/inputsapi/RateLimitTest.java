package io.github.clarifais3sync.local.inputsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/**
 * Clarifai's per-key requests-per-second limit (docs/clarifai-api-notes.md#limits); a fixed clock keeps the bucket from
 * refilling.
 */
class RateLimitTest {
    private static final InstantSource FROZEN = InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void requestsOverTheLimitAreThrottledPerKey() {
        try (LocalInputsApi api = LocalInputsApi.builder()
                .apiKey("first", "u", "a")
                .apiKey("second", "u", "b")
                .rateLimit(3)
                .clock(FROZEN)
                .build()
                .start()) {
            ApiTestClient first = new ApiTestClient(api.baseUrl(), "first");
            for (int i = 0; i < 3; i++) {
                assertEquals(200, first.get("/v2/inputs/status").httpStatus());
            }
            ApiTestClient.Response throttled = first.get("/v2/inputs/status");
            assertEquals(429, throttled.httpStatus());
            assertEquals(11005, throttled.code());
            assertEquals("exceeded limit of 3 requests per second", throttled.details());
            assertEquals(
                    200,
                    new ApiTestClient(api.baseUrl(), "second").get("/v2/inputs").httpStatus());
        }
    }

    @Test
    void defaultLimitIsFifteenPerSecond() {
        try (LocalInputsApi api = LocalInputsApi.builder().clock(FROZEN).build().start()) {
            ApiTestClient client = new ApiTestClient(api.baseUrl(), LocalInputsApi.DEFAULT_API_KEY);
            for (int i = 0; i < 15; i++) {
                assertEquals(200, client.get("/v2/inputs").httpStatus());
            }
            assertEquals(
                    "exceeded limit of 15 requests per second",
                    client.get("/v2/inputs").details());
        }
    }

    @Test
    void zeroTurnsTheLimitOff() {
        try (LocalInputsApi api =
                LocalInputsApi.builder().rateLimit(0).clock(FROZEN).build().start()) {
            ApiTestClient client = new ApiTestClient(api.baseUrl(), LocalInputsApi.DEFAULT_API_KEY);
            for (int i = 0; i < 40; i++) {
                assertEquals(200, client.get("/v2/inputs").httpStatus());
            }
        }
    }
}

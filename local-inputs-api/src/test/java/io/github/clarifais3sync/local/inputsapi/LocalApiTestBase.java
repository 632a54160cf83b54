package io.github.clarifais3sync.local.inputsapi;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One fast API per test class (no processing delay, no rate limit), emptied before each test. */
abstract class LocalApiTestBase {
    static LocalInputsApi api;
    static ApiTestClient client;

    @BeforeAll
    static void startApi() {
        api = LocalInputsApi.builder()
                .processingDelay(Duration.ZERO)
                .deleteDelay(Duration.ofMillis(10))
                .rateLimit(0)
                .build()
                .start();
        client = new ApiTestClient(api.baseUrl(), LocalInputsApi.DEFAULT_API_KEY);
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    @BeforeEach
    void emptyApi() {
        api.reset();
    }
}

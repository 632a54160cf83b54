package io.github.clarifais3sync.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clarifais3sync.inputs.ApiKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

// Unit tests of reading the Clarifai key from Secrets Manager, with a fake of the SDK client.
class SecretsManagerApiKeyTest {

    /** Answers GetSecretValue with the current value and counts the calls. */
    private static final class FakeSecrets implements SecretsManagerClient {
        final List<String> reads = new ArrayList<>();
        String value;

        FakeSecrets(String value) {
            this.value = value;
        }

        @Override
        public GetSecretValueResponse getSecretValue(Consumer<GetSecretValueRequest.Builder> request) {
            GetSecretValueRequest.Builder builder = GetSecretValueRequest.builder();
            request.accept(builder);
            reads.add(builder.build().secretId());
            return GetSecretValueResponse.builder().secretString(value).build();
        }

        @Override
        public String serviceName() {
            return "secretsmanager";
        }

        @Override
        public void close() {}
    }

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void get_readsThePlainSecretOnceAndCachesItForFiveMinutes() {
        FakeSecrets secrets = new FakeSecrets("  plain-key  ");
        MovableClock clock = new MovableClock();
        SecretsManagerApiKey apiKey = new SecretsManagerApiKey(secrets, "clarifai/key", clock);

        ApiKey first = apiKey.get();
        clock.now = clock.now.plus(Duration.ofMinutes(4));
        secrets.value = "rotated-key";
        ApiKey cached = apiKey.get();
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        ApiKey rotated = apiKey.get();

        assertEquals(ApiKey.of("plain-key"), first);
        assertEquals(ApiKey.of("plain-key"), cached);
        assertEquals(ApiKey.of("rotated-key"), rotated);
        assertEquals(List.of("clarifai/key", "clarifai/key"), secrets.reads);
    }

    @Test
    void get_readsTheKeyFromAJsonSecret() {
        assertEquals(
                ApiKey.of("from-json"),
                new SecretsManagerApiKey(new FakeSecrets("{\"apiKey\": \"from-json\"}"), "s", Clock.systemUTC()).get());
        assertEquals(
                ApiKey.of("pat-value"),
                new SecretsManagerApiKey(new FakeSecrets("{\"pat\": \"pat-value\"}"), "s", Clock.systemUTC()).get());
    }

    @Test
    void get_whenTheJsonHasNoKeyField_failsWithoutShowingTheSecret() {
        SecretsManagerApiKey apiKey =
                new SecretsManagerApiKey(new FakeSecrets("{\"password\": \"hunter2\"}"), "s", Clock.systemUTC());

        IllegalStateException failure = assertThrows(IllegalStateException.class, apiKey::get);

        assertTrue(failure.getMessage().contains("without an apiKey field"), failure.getMessage());
        assertFalse(failure.getMessage().contains("hunter2"));
    }
}

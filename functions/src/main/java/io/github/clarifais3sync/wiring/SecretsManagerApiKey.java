package io.github.clarifais3sync.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.inputs.ApiKey;
import io.github.clarifais3sync.json.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Clarifai key, read from Secrets Manager at run time (never from an environment variable) and cached for a few
 * minutes so a rotated secret is picked up without a redeploy. The secret's {@code SecretString} is the key itself,
 * or a JSON object with an {@code apiKey} (or {@code api_key}, {@code pat}) field.
 */
public final class SecretsManagerApiKey implements Supplier<ApiKey> {

    private static final Duration CACHE_FOR = Duration.ofMinutes(5);

    private final SecretsManagerClient secretsManager;
    private final String secretId;
    private final Clock clock;
    private ApiKey cached;
    private Instant fetchedAt;

    public SecretsManagerApiKey(SecretsManagerClient secretsManager, String secretId, Clock clock) {
        this.secretsManager = secretsManager;
        this.secretId = secretId;
        this.clock = clock;
    }

    @Override
    public synchronized ApiKey get() {
        Instant now = clock.instant();
        if (cached == null || fetchedAt.plus(CACHE_FOR).isBefore(now)) {
            String secret =
                    secretsManager.getSecretValue(r -> r.secretId(secretId)).secretString();
            if (secret == null) {
                throw new IllegalStateException("Secret " + secretId + " has no SecretString");
            }
            cached = ApiKey.of(extract(secret));
            fetchedAt = now;
        }
        return cached;
    }

    private String extract(String secret) {
        String trimmed = secret.strip();
        if (!trimmed.startsWith("{")) {
            return trimmed;
        }
        try {
            JsonNode json = Json.MAPPER.readTree(trimmed);
            for (String field : new String[] {"apiKey", "api_key", "pat", "key"}) {
                if (json.path(field).isTextual()) {
                    return json.path(field).textValue();
                }
            }
        } catch (IOException notJson) {
            return trimmed;
        }
        throw new IllegalStateException("Secret " + secretId + " is a JSON object without an apiKey field");
    }
}

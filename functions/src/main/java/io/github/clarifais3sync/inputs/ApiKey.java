package io.github.clarifais3sync.inputs;

import java.util.Objects;

/**
 * A Clarifai API key or Personal Access Token. Both are sent as {@code Authorization: Key <secret>}
 * (https://docs.clarifai.com/control/authentication/pat). The secret is only readable through {@link #authorizationHeader()}: {@link #toString()}
 * masks it, so it cannot leak into a log line, an exception message or a test report.
 */
public final class ApiKey {

    private final String secret;

    private ApiKey(String secret) {
        this.secret = secret;
    }

    public static ApiKey of(String secret) {
        Objects.requireNonNull(secret, "secret");
        String trimmed = secret.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("The Clarifai API key is empty");
        }
        if (trimmed.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("The Clarifai API key contains whitespace or non-ASCII characters");
        }
        return new ApiKey(trimmed);
    }

    String authorizationHeader() {
        return "Key " + secret;
    }

    /** Two keys are equal when their secrets are; neither shows it. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKey key && key.secret.equals(secret);
    }

    @Override
    public int hashCode() {
        return secret.hashCode();
    }

    @Override
    public String toString() {
        return "ApiKey[****]";
    }
}

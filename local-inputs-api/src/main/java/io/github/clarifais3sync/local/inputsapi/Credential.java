package io.github.clarifais3sync.local.inputsapi;

import java.util.Objects;

/**
 * A secret sent as {@code Authorization: Key <secret>} (docs/clarifai-api-notes.md#paths). An app-scoped API key
 * carries its user and app, so the legacy {@code /v2/inputs} path works with it; a personal access token carries only
 * the user and must name the app in the {@code /v2/users/{user_id}/apps/{app_id}} path. @param appId the bound app, or
 * {@code null} for a personal access token
 */
public record Credential(String secret, String userId, String appId) {

    public Credential {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(userId, "userId");
        if (secret.isBlank() || secret.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("secret must be non-empty and without whitespace");
        }
    }

    public static Credential apiKey(String secret, String userId, String appId) {
        return new Credential(secret, userId, Objects.requireNonNull(appId, "appId"));
    }

    public static Credential personalAccessToken(String secret, String userId) {
        return new Credential(secret, userId, null);
    }

    public boolean isPersonalAccessToken() {
        return appId == null;
    }

    @Override
    public String toString() {
        return "Credential[userId=" + userId + ", appId=" + appId + "]";
    }
}

package io.github.clarifais3sync.inputs;

import java.util.Locale;

/**
 * The two HTTP bindings every Inputs RPC has (docs/clarifai-api-notes.md#paths): {@code /v2/inputs…}, where an app-scoped API key
 * implies the app, and {@code /v2/users/{user_id}/apps/{app_id}/inputs…}, which a Personal Access Token requires.
 */
public enum PathForm {
    APP_KEY("app-key"),
    USER_APP("user-app");

    private final String setting;

    PathForm(String setting) {
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }

    public static PathForm fromSetting(String value) {
        String normalized = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (PathForm form : values()) {
            if (form.setting.equals(normalized)) {
                return form;
            }
        }
        throw new IllegalArgumentException("Unknown Clarifai path form '" + value + "'; expected app-key or user-app");
    }
}

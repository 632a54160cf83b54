package io.github.clarifais3sync.ops.reconcile;

/**
 * One input of the app that this stack's product created, as the metadata it wrote says ({@code s3_key},
 * {@code etag}).
 *
 * @param statusCode the input's status in the app (30000 indexed, 30002 failed...)
 */
public record AppInput(String key, String inputId, String eTag, int statusCode) {

    /** Whether the app reports the input as failed rather than indexed, pending or processing. */
    public boolean failed() {
        return switch (statusCode) {
            case 30000, 30001, 30003, 30200, 10000 -> false;
            default -> statusCode >= 30000;
        };
    }
}

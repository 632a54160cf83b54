package io.github.clarifais3sync.local.aws;

/**
 * One S3 event notification as the gateway delivers it to listeners.
 *
 * @param bucket bucket name
 * @param key object key, decoded (the JSON carries it form-URL-encoded, as S3 does)
 * @param eventName without the {@code s3:} prefix, e.g. {@code ObjectCreated:Put}, {@code ObjectRemoved:Delete},
 *     {@code ObjectTagging:Put}
 * @param sequencer hex, strictly increasing, fixed width; null for tagging events, which S3 sends without one
 * @param json the raw AWS shape {@code {"Records":[...]}} with exactly one record
 */
public record S3Notification(String bucket, String key, String eventName, String sequencer, String json) {
    public boolean isObjectCreated() {
        return eventName.startsWith("ObjectCreated:");
    }

    public boolean isObjectRemoved() {
        return eventName.startsWith("ObjectRemoved:");
    }

    public boolean isObjectTagging() {
        return eventName.startsWith("ObjectTagging:");
    }
}

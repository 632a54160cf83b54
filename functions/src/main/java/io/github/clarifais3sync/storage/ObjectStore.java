package io.github.clarifais3sync.storage;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The images bucket as the upload function needs it. */
public interface ObjectStore {

    /** The object's current state, or empty when it (or that version) no longer exists. */
    Optional<StoredObject> head(String bucket, String key, String versionId);

    /** A GET URL anyone can fetch until it expires; Clarifai fetches it asynchronously after accepting the input. */
    String presignedGetUrl(String bucket, String key, String versionId, Duration ttl);

    /**
     * The object's bytes, as long as it is still the object a HEAD saw: its eTag unchanged and at most {@code maxBytes}
     * long. Never reads more than {@code maxBytes} (plus one, to tell a longer object), whatever S3 sends.
     *
     * @param eTag the HEAD's eTag (without quotes), or null to read whatever is there
     * @throws S3ObjectStore.S3CallException when the object changed since (412) or is longer than {@code maxBytes}
     */
    byte[] read(String bucket, String key, String versionId, String eTag, long maxBytes);

    /**
     * The object's tags (key to value), or empty when it (or that version) no longer exists. S3 reads of tags are
     * strongly consistent like reads of the object (https://aws.amazon.com/s3/consistency/).
     */
    Optional<Map<String, String>> tags(String bucket, String key, String versionId);
}

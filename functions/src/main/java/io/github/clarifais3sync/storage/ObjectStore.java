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

    byte[] read(String bucket, String key, String versionId);

    /**
     * The object's tags (key to value), or empty when it (or that version) no longer exists. S3 reads of tags are
     * strongly consistent like reads of the object (https://aws.amazon.com/s3/consistency/).
     */
    Optional<Map<String, String>> tags(String bucket, String key, String versionId);
}

package io.github.clarifais3sync.fakes;

import io.github.clarifais3sync.storage.ObjectStore;
import io.github.clarifais3sync.storage.StoredObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Objects by bucket/key, for unit tests; presigned URLs are recognisable fakes. */
public final class FakeObjectStore implements ObjectStore {

    private final Map<String, StoredObject> objects = new HashMap<>();
    private final Map<String, byte[]> bytes = new HashMap<>();
    private final Map<String, Map<String, String>> tags = new HashMap<>();

    /** Sets the object's tags (as PutObjectTagging does; an empty map as DeleteObjectTagging does). */
    public synchronized FakeObjectStore tag(String bucket, String key, Map<String, String> tagSet) {
        tags.put(bucket + "/" + key, Map.copyOf(tagSet));
        return this;
    }

    public synchronized FakeObjectStore put(String bucket, String key, String eTag, byte[] content) {
        objects.put(
                bucket + "/" + key,
                new StoredObject(content.length, eTag, "image/jpeg", null, Map.of("camera", "test")));
        bytes.put(bucket + "/" + key, content);
        return this;
    }

    public synchronized void remove(String bucket, String key) {
        objects.remove(bucket + "/" + key);
        tags.remove(bucket + "/" + key);
    }

    @Override
    public synchronized Optional<StoredObject> head(String bucket, String key, String versionId) {
        return Optional.ofNullable(objects.get(bucket + "/" + key));
    }

    @Override
    public synchronized String presignedGetUrl(String bucket, String key, String versionId, Duration ttl) {
        return "https://" + bucket + ".s3.example/" + key.replace(" ", "%20") + "?X-Amz-Expires=" + ttl.toSeconds();
    }

    @Override
    public synchronized Optional<Map<String, String>> tags(String bucket, String key, String versionId) {
        return objects.containsKey(bucket + "/" + key)
                ? Optional.of(tags.getOrDefault(bucket + "/" + key, Map.of()))
                : Optional.empty();
    }

    @Override
    public synchronized byte[] read(String bucket, String key, String versionId, String eTag, long maxBytes) {
        StoredObject object = objects.get(bucket + "/" + key);
        if (object == null || (eTag != null && !eTag.equals(object.eTag())) || object.size() > maxBytes) {
            throw new IllegalStateException("s3://" + bucket + "/" + key + " changed after its HEAD");
        }
        return bytes.get(bucket + "/" + key);
    }
}

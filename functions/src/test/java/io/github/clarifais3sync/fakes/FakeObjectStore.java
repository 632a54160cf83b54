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

    public synchronized FakeObjectStore put(String bucket, String key, String eTag, byte[] content) {
        objects.put(bucket + "/" + key, new StoredObject(content.length, eTag, "image/jpeg", null,
                Map.of("camera", "test")));
        bytes.put(bucket + "/" + key, content);
        return this;
    }

    public synchronized void remove(String bucket, String key) {
        objects.remove(bucket + "/" + key);
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
    public synchronized byte[] read(String bucket, String key, String versionId) {
        return bytes.get(bucket + "/" + key);
    }
}

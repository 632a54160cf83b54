package io.github.clarifais3sync.storage;

import java.util.Map;

/** What a HEAD of an S3 object tells: size, eTag (without quotes), content type, version and user metadata. */
public record StoredObject(
        long size, String eTag, String contentType, String versionId, Map<String, String> userMetadata) {

    public StoredObject {
        eTag = eTag == null ? "" : eTag.replace("\"", "");
        userMetadata = userMetadata == null ? Map.of() : Map.copyOf(userMetadata);
    }
}

package io.github.clarifais3sync.sync;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.storage.StoredObject;

/**
 * The {@code data.metadata} every input of an object version carries: where it is in S3, its eTag, size, content
 * type, version and the object's user metadata. Built in one place, because the add writes it and a labels overwrite
 * (PATCH {@code overwrite} replaces concepts and metadata as a whole) must write the same again.
 */
public final class InputMetadata {

    private InputMetadata() {}

    public static ObjectNode of(ObjectVersion version, StoredObject object) {
        ObjectNode metadata = JsonNodeFactory.instance
                .objectNode()
                .put("s3_bucket", version.bucket())
                .put("s3_key", version.key())
                .put("etag", object.eTag())
                .put("size", object.size())
                .put("content_type", object.contentType() == null ? "" : object.contentType());
        if (version.versionId() != null) {
            metadata.put("version_id", version.versionId());
        }
        ObjectNode user = metadata.putObject("user_metadata");
        object.userMetadata().forEach(user::put);
        return metadata;
    }
}

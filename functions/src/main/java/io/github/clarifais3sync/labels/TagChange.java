package io.github.clarifais3sync.labels;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A message on the labels queue: an object's tag set was written or deleted. It names the object (and version, in a
 * versioned bucket) only; the labels function reads the tags as they are when it runs, so the newest tag set wins
 * whatever order the events come in (S3 tagging events carry no {@code sequencer}).
 *
 * @param versionId null in an unversioned bucket
 * @param eTag      the object's eTag when the tags changed, or null
 * @param event     the source's name for the change, for logs ({@code ObjectTagging:Put}, {@code Object Tags Added})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TagChange(String bucket, String key, String versionId, String eTag, String eventTime, String event) {

    public TagChange {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        eTag = eTag == null || eTag.isEmpty() ? null : eTag.replace("\"", "");
        versionId = versionId == null || versionId.isEmpty() || "null".equals(versionId) ? null : versionId;
    }

    /** The object version this change is about: messages naming the same one are handled once per batch. */
    String target() {
        return bucket + "\n" + key + "\n" + (versionId == null ? "" : versionId);
    }
}

package io.github.clarifais3sync.events;

import io.github.clarifais3sync.model.ObjectVersion;
import java.util.Objects;

/**
 * One change to one S3 object, whichever way S3 reported it: a notification record or an EventBridge event.
 *
 * @param kind         what happened
 * @param bucket       the bucket name
 * @param key          the object key, decoded (notification records carry it form-URL-encoded, EventBridge raw)
 * @param size         bytes; 0 when the event carries no size (removals, tagging)
 * @param eTag         absent from permanent deletes
 * @param versionId    null in an unversioned bucket
 * @param sequencer    S3's per-key order; null on tagging events, which carry none
 * @param eventTime    ISO-8601 time of the event, or null
 * @param removal      for {@link Kind#REMOVED}: a permanent delete or a delete marker; null otherwise
 * @param name         the source's own name for the event ({@code ObjectCreated:Put}, {@code Object Created}), for logs
 * @param origin       which of S3's delivery channels sent it
 */
public record ObjectEvent(
        Kind kind,
        String bucket,
        String key,
        long size,
        String eTag,
        String versionId,
        String sequencer,
        String eventTime,
        Removal removal,
        String name,
        Origin origin) {

    public ObjectEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
    }

    /** What happened to the object. */
    public enum Kind {
        /** {@code ObjectCreated:*} / {@code Object Created}. */
        CREATED,
        /** {@code ObjectRemoved:*}, {@code LifecycleExpiration:*} / {@code Object Deleted}. */
        REMOVED,
        /** {@code ObjectTagging:Put} / {@code Object Tags Added}: the object's tag set was written. */
        TAGS_PUT,
        /** {@code ObjectTagging:Delete} / {@code Object Tags Deleted}: the object's tags were removed. */
        TAGS_DELETED,
        /** Any other S3 event (restore, ACL, storage class, replication): not ours to act on. */
        OTHER
    }

    /** How an object was removed. */
    public enum Removal {
        /** The version (or, unversioned, the object) is gone. */
        PERMANENT,
        /** A delete marker became the current version; older versions remain. */
        DELETE_MARKER
    }

    /** Which S3 delivery channel reported the change. */
    public enum Origin {
        NOTIFICATION,
        EVENTBRIDGE
    }

    /** The object version this event names, with its input id. */
    public ObjectVersion version() {
        return ObjectVersion.of(bucket, key, size, eTag, versionId, sequencer, eventTime);
    }

    /** A removal of exactly one version: a permanent delete naming a versionId. */
    public boolean removesOneVersion() {
        return kind == Kind.REMOVED && removal == Removal.PERMANENT && versionId != null;
    }

    /** "s3://bucket/key", for logs. */
    public String location() {
        return "s3://" + bucket + "/" + key;
    }
}

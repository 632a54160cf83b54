package io.github.clarifais3sync.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * One version of one S3 object, as the enqueue function puts it on the upload queue (the message body is this record
 * as JSON) and as the ledger tracks it.
 *
 * @param key       the URL-decoded key (S3 event records carry it form-URL-encoded)
 * @param versionId null in an unversioned bucket
 * @param sequencer S3's per-key event order: compare only for the same key ({@link Sequencers})
 * @param inputId   the Clarifai input id derived from bucket, key and version ({@link InputIds})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ObjectVersion(
        String bucket,
        String key,
        long size,
        String eTag,
        String versionId,
        String sequencer,
        String eventTime,
        String inputId) {

    public ObjectVersion {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
    }

    /** A version with its input id derived from its identity. */
    public static ObjectVersion of(
            String bucket, String key, long size, String eTag, String versionId, String sequencer, String eventTime) {
        return new ObjectVersion(
                bucket,
                key,
                size,
                eTag,
                versionId,
                sequencer,
                eventTime,
                InputIds.forObject(bucket, key, versionId, sequencer, eTag));
    }

    /** The object's put time from {@link #eventTime()}, or null when absent or unreadable. */
    public Instant eventInstant() {
        if (eventTime == null || eventTime.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(eventTime).toInstant();
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }

    /** "s3://bucket/key", for logs and the ledger. */
    public String location() {
        return "s3://" + bucket + "/" + key;
    }
}

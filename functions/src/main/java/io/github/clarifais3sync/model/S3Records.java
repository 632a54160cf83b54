package io.github.clarifais3sync.model;

import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3ObjectEntity;

/** Reading S3 event records as AWS sends them. */
public final class S3Records {

    private S3Records() {
    }

    /**
     * The object version a record names. S3 sends the key form-URL-encoded ("red flower.jpg" arrives as
     * "red+flower.jpg", a literal '+' as "%2B"); this decodes it
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
     */
    public static ObjectVersion version(S3EventNotificationRecord record) {
        S3ObjectEntity object = record.getS3().getObject();
        Long size = object.getSizeAsLong();
        return ObjectVersion.of(record.getS3().getBucket().getName(), object.getUrlDecodedKey(),
                size == null ? 0 : size, object.geteTag(), emptyToNull(object.getVersionId()),
                emptyToNull(object.getSequencer()),
                record.getEventTime() == null ? null : record.getEventTime().toString());
    }

    /** Absent, empty, and "null" (an unversioned or suspended bucket's version) all mean no version. */
    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() || value.equals("null") ? null : value;
    }
}

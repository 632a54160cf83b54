package io.github.clarifais3sync.metrics;

/** Why an object was not uploaded: the values of {@link Metric#OBJECTS_SKIPPED}'s {@code Reason} dimension. */
public enum SkipReason {
    /** Enqueue: the key does not end with an image suffix. */
    NOT_AN_IMAGE("NotAnImage"),
    /** Enqueue: the key is outside the include prefixes or under an exclude prefix. */
    OUT_OF_SCOPE("OutOfScope"),
    /** Enqueue: a zero-byte object (a folder marker) that replaced nothing; upload: one that replaced an image. */
    ZERO_BYTES("ZeroBytes"),
    /** Enqueue and upload: an object at or over Clarifai's image size limit. */
    TOO_LARGE("TooLarge"),
    /** Enqueue: a record that is not an ObjectCreated event. */
    NOT_OBJECT_CREATED("NotObjectCreated"),
    /** Upload: the object was removed, or the key overwritten, after the version was queued. */
    REPLACED_BEFORE_UPLOAD("ReplacedBeforeUpload"),
    /** Upload: the version is no longer in the bucket. */
    NOT_IN_BUCKET("NotInBucket"),
    /** Upload: a redelivery of a version already posted, final or deleted. */
    ALREADY_HANDLED("AlreadyHandled");

    private final String value;

    SkipReason(String value) {
        this.value = value;
    }

    /** The dimension value. */
    public String value() {
        return value;
    }
}

package io.github.clarifais3sync.ops;

/** An {@code s3://bucket/key} argument. */
record S3Location(String bucket, String key) {

    static S3Location parse(String text) {
        if (text == null
                || !text.startsWith("s3://")
                || text.indexOf('/', 5) <= 5
                || text.indexOf('/', 5) == text.length() - 1) {
            throw new TargetException("Expected s3://bucket/key, got '" + text + "'");
        }
        int slash = text.indexOf('/', 5);
        return new S3Location(text.substring(5, slash), text.substring(slash + 1));
    }

    /** Only the stack's own bucket is synced; another bucket is a usage error. */
    S3Location requireBucket(String stackBucket) {
        if (!bucket.equals(stackBucket)) {
            throw new TargetException("s3://" + bucket + "/" + key + " is not in the stack's bucket " + stackBucket);
        }
        return this;
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}

package io.github.clarifais3sync.ops.reconcile;

import java.time.Instant;

/**
 * One current object of the bucket, as a listing shows it.
 *
 * @param eTag     without the quotes S3 puts around it
 * @param accepted whether the functions sync it (KeyFilter#syncs: its key and its size)
 */
public record BucketObject(String key, String eTag, long size, Instant lastModified, boolean accepted) {}

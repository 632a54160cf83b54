package io.github.clarifais3sync.storage;

import java.util.List;

/** Listing a bucket's current objects, page by page, resumable after any key. */
public interface ObjectListing {

    /** One current object version as a listing shows it; {@code versionId} null in an unversioned bucket. */
    record ListedObject(String key, long size, String eTag, String versionId, String lastModified) {}

    /** One page: objects in key order. */
    record Page(List<ListedObject> objects, boolean last) {}

    /** Receives pages in key order; returns false to stop listing. */
    interface PageConsumer {
        boolean accept(Page page);
    }

    /** Whether the bucket keeps versions (versioning enabled or suspended). */
    boolean versioned(String bucket);

    /**
     * Lists the current version of every key under {@code prefix} after {@code startAfter} (null: from the start).
     *
     * @throws ListingException when the bucket does not exist or cannot be listed
     */
    void list(String bucket, String prefix, String startAfter, boolean versioned, PageConsumer consumer);

    /** The bucket cannot be listed: one clear sentence for the user. */
    final class ListingException extends RuntimeException {
        public ListingException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

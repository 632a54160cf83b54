package io.github.clarifais3sync.fakes;

import io.github.clarifais3sync.storage.ObjectListing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A bucket's current objects in key order, listed in pages of a chosen size, as S3 would. */
public final class FakeObjectListing implements ObjectListing {

    private final TreeMap<String, ListedObject> objects = new TreeMap<>();
    private final String bucket;
    private final int pageSize;
    private final boolean versioned;
    public int pagesListed;

    public FakeObjectListing(String bucket, int pageSize, boolean versioned) {
        this.bucket = bucket;
        this.pageSize = pageSize;
        this.versioned = versioned;
    }

    public synchronized FakeObjectListing put(String key, long size, String eTag, String versionId) {
        objects.put(key, new ListedObject(key, size, eTag, versionId, "2026-11-23T10:15:30Z"));
        return this;
    }

    public synchronized void remove(String key) {
        objects.remove(key);
    }

    @Override
    public boolean versioned(String bucket) {
        check(bucket);
        return versioned;
    }

    @Override
    public void list(String bucket, String prefix, String startAfter, boolean versioned, PageConsumer consumer) {
        check(bucket);
        String after = startAfter;
        while (true) {
            List<ListedObject> page = new ArrayList<>();
            synchronized (this) {
                Map<String, ListedObject> tail = after == null ? objects : objects.tailMap(after, false);
                for (ListedObject object : tail.values()) {
                    if (page.size() == pageSize) {
                        break;
                    }
                    if (object.key().startsWith(prefix)) {
                        page.add(object);
                    }
                }
            }
            pagesListed++;
            boolean last = page.size() < pageSize;
            if (!consumer.accept(new Page(page, last)) || last) {
                return;
            }
            after = page.get(page.size() - 1).key();
        }
    }

    private void check(String name) {
        if (!name.equals(bucket)) {
            throw new ListingException("bucket " + name + " does not exist", null);
        }
    }
}

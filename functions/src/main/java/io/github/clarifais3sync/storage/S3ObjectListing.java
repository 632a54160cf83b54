package io.github.clarifais3sync.storage;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists with ListObjectsV2 in an unversioned bucket. In a versioned bucket, ListObjectVersions instead: its entries
 * marked {@code IsLatest} are the current versions with their versionId, one request per 1,000 versions, where
 * ListObjectsV2 plus a HeadObject per key would cost a request per object
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html). A key whose latest entry is a delete
 * marker has no current version and is not listed.
 */
public final class S3ObjectListing implements ObjectListing {

    private final S3Client s3;
    private final Integer pageSize;

    public S3ObjectListing(S3Client s3) {
        this(s3, null);
    }

    /** @param pageSize keys per request (S3's default and maximum: 1,000); smaller pages checkpoint more often */
    public S3ObjectListing(S3Client s3, Integer pageSize) {
        this.s3 = s3;
        this.pageSize = pageSize;
    }

    @Override
    public boolean versioned(String bucket) {
        try {
            GetBucketVersioningResponse versioning = s3.getBucketVersioning(r -> r.bucket(bucket));
            return versioning.status() == BucketVersioningStatus.ENABLED
                    || versioning.status() == BucketVersioningStatus.SUSPENDED;
        } catch (S3Exception e) {
            throw unreadable(bucket, e);
        }
    }

    @Override
    public void list(String bucket, String prefix, String startAfter, boolean versioned, PageConsumer consumer) {
        try {
            if (versioned) {
                listVersions(bucket, prefix, startAfter, consumer);
            } else {
                listObjects(bucket, prefix, startAfter, consumer);
            }
        } catch (S3Exception e) {
            throw unreadable(bucket, e);
        }
    }

    private void listObjects(String bucket, String prefix, String startAfter, PageConsumer consumer) {
        String token = null;
        while (true) {
            String continuation = token;
            ListObjectsV2Response response = s3.listObjectsV2(r -> r.bucket(bucket)
                    .prefix(prefix)
                    .startAfter(continuation == null ? startAfter : null)
                    .continuationToken(continuation)
                    .maxKeys(pageSize));
            List<ListedObject> objects = new ArrayList<>();
            for (S3Object object : response.contents()) {
                objects.add(new ListedObject(
                        object.key(),
                        object.size() == null ? 0 : object.size(),
                        unquoted(object.eTag()),
                        null,
                        String.valueOf(object.lastModified())));
            }
            boolean last = !Boolean.TRUE.equals(response.isTruncated());
            if (!consumer.accept(new Page(objects, last)) || last) {
                return;
            }
            token = response.nextContinuationToken();
        }
    }

    private void listVersions(String bucket, String prefix, String startAfter, PageConsumer consumer) {
        String keyMarker = startAfter;
        String versionMarker = null;
        while (true) {
            String keys = keyMarker;
            String versions = versionMarker;
            ListObjectVersionsResponse response = s3.listObjectVersions(r -> r.bucket(bucket)
                    .prefix(prefix)
                    .keyMarker(keys)
                    .versionIdMarker(versions)
                    .maxKeys(pageSize));
            List<ListedObject> objects = new ArrayList<>();
            for (ObjectVersion version : response.versions()) {
                if (Boolean.TRUE.equals(version.isLatest())) {
                    String id = version.versionId();
                    objects.add(new ListedObject(
                            version.key(),
                            version.size() == null ? 0 : version.size(),
                            unquoted(version.eTag()),
                            id == null || id.equals("null") ? null : id,
                            String.valueOf(version.lastModified())));
                }
            }
            boolean last = !Boolean.TRUE.equals(response.isTruncated());
            if (!consumer.accept(new Page(objects, last)) || last) {
                return;
            }
            keyMarker = response.nextKeyMarker();
            versionMarker = response.nextVersionIdMarker();
        }
    }

    private static ListingException unreadable(String bucket, S3Exception e) {
        if (e instanceof NoSuchBucketException || e.statusCode() == 404) {
            return new ListingException("bucket " + bucket + " does not exist", e);
        }
        if (e.statusCode() == 403) {
            return new ListingException(
                    "bucket " + bucket + " cannot be listed: access denied (needs s3:ListBucket"
                            + " and s3:GetBucketVersioning" + ")",
                    e);
        }
        return new ListingException(
                "bucket " + bucket + " cannot be listed: " + e.awsErrorDetails().errorMessage(), e);
    }

    private static String unquoted(String eTag) {
        return eTag == null ? null : eTag.replace("\"", "");
    }
}

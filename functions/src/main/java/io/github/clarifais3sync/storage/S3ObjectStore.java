package io.github.clarifais3sync.storage;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** {@link ObjectStore} on the AWS SDK's S3 client and presigner. */
public final class S3ObjectStore implements ObjectStore {

    private final S3Client s3;
    private final S3Presigner presigner;

    public S3ObjectStore(S3Client s3, S3Presigner presigner) {
        this.s3 = s3;
        this.presigner = presigner;
    }

    @Override
    public Optional<StoredObject> head(String bucket, String key, String versionId) {
        try {
            HeadObjectResponse head = s3.headObject(r -> r.bucket(bucket).key(key).versionId(versionId));
            return Optional.of(new StoredObject(head.contentLength() == null ? 0 : head.contentLength(), head.eTag(),
                    head.contentType(), head.versionId(), head.metadata()));
        } catch (NoSuchKeyException missing) {
            return Optional.empty();
        } catch (S3Exception e) {
            // HEAD has no body, so a missing object or version surfaces as a bare 404.
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public String presignedGetUrl(String bucket, String key, String versionId, Duration ttl) {
        GetObjectRequest get = GetObjectRequest.builder().bucket(bucket).key(key).versionId(versionId).build();
        return presigner.presignGetObject(r -> r.signatureDuration(ttl).getObjectRequest(get)).url().toString();
    }

    @Override
    public Optional<Map<String, String>> tags(String bucket, String key, String versionId) {
        try {
            Map<String, String> tags = new LinkedHashMap<>();
            s3.getObjectTagging(r -> r.bucket(bucket).key(key).versionId(versionId)).tagSet()
                    .forEach(tag -> tags.put(tag.key(), tag.value()));
            return Optional.of(tags);
        } catch (NoSuchKeyException missing) {
            return Optional.empty();
        } catch (S3Exception e) {
            // A version that is gone answers NoSuchVersion (404), a delete marker 405 MethodNotAllowed.
            if (e.statusCode() == 404 || e.statusCode() == 405) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public byte[] read(String bucket, String key, String versionId) {
        return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key).versionId(versionId)).asByteArray();
    }
}

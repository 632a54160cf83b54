package io.github.clarifais3sync.local.aws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

@ExtendWith(SharedLocalAws.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalAwsS3Test {
    /** Spaces, non-ASCII, '+', parentheses and a '/' prefix: everything S3 encodes differently in events. */
    private static final String KEY = "photos/été 2024/my photo (1)+ünïcode.jpg";

    private static final String EVENT_KEY = "photos/%C3%A9t%C3%A9+2024/my+photo+%281%29%2B%C3%BCn%C3%AFcode.jpg";

    private LocalAws aws;
    private S3Client s3;

    @TempDir
    Path tempDir;

    @BeforeAll
    void start(LocalAws aws) {
        this.aws = aws;
        this.s3 = aws.s3Client();
    }

    @AfterAll
    void closeClient() {
        s3.close();
    }

    private String newBucket() {
        String bucket = "bucket-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    @Test
    void putHeadPresignedGetListAndDeleteNotifyAsS3Does() throws Exception {
        String bucket = newBucket();
        S3EventCapture events = new S3EventCapture(aws, bucket);
        byte[] content = "hello, offline world".getBytes(StandardCharsets.UTF_8);

        s3.putObject(p -> p.bucket(bucket).key(KEY).metadata(Map.of("source", "test")), RequestBody.fromBytes(content));

        HeadObjectResponse head = s3.headObject(h -> h.bucket(bucket).key(KEY));
        assertEquals(content.length, head.contentLength());
        assertEquals("test", head.metadata().get("source"));
        S3Notification put = events.single();
        assertEquals("ObjectCreated:Put", put.eventName());
        assertEquals(KEY, put.key());
        assertTrue(put.json().contains("\"key\":\"" + EVENT_KEY + "\""), put.json());
        S3EventNotificationRecord putRecord = S3EventCapture.parse(put, tempDir);
        assertEquals("2.1", putRecord.getEventVersion());
        assertEquals("aws:s3", putRecord.getEventSource());
        assertEquals("us-east-1", putRecord.getAwsRegion());
        assertEquals("ObjectCreated:Put", putRecord.getEventName());
        assertEquals(bucket, putRecord.getS3().getBucket().getName());
        assertEquals("arn:aws:s3:::" + bucket, putRecord.getS3().getBucket().getArn());
        assertEquals(EVENT_KEY, putRecord.getS3().getObject().getKey());
        assertEquals(KEY, putRecord.getS3().getObject().getUrlDecodedKey());
        assertEquals(content.length, putRecord.getS3().getObject().getSizeAsLong());
        assertEquals(
                head.eTag().replace("\"", ""), putRecord.getS3().getObject().geteTag());
        assertTrue(putRecord.getEventTime() != null);

        try (S3Presigner presigner = aws.s3Presigner();
                HttpClient http = HttpClient.newHttpClient()) {
            String url = presigner
                    .presignGetObject(g -> g.signatureDuration(Duration.ofMinutes(5))
                            .getObjectRequest(r -> r.bucket(bucket).key(KEY)))
                    .url()
                    .toString();
            HttpResponse<byte[]> get = http.send(
                    HttpRequest.newBuilder(java.net.URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, get.statusCode());
            assertArrayEquals(content, get.body());
        }

        List<String> keys = s3.listObjectsV2(l -> l.bucket(bucket)).contents().stream()
                .map(S3Object::key)
                .toList();
        assertEquals(List.of(KEY), keys);

        s3.deleteObject(d -> d.bucket(bucket).key(KEY));
        assertTrue(s3.listObjectsV2(l -> l.bucket(bucket)).contents().isEmpty());
        S3Notification delete = events.single();
        assertEquals("ObjectRemoved:Delete", delete.eventName());
        S3EventNotificationRecord deleteRecord = S3EventCapture.parse(delete, tempDir);
        assertEquals("ObjectRemoved:Delete", deleteRecord.getEventName());
        assertEquals(KEY, deleteRecord.getS3().getObject().getUrlDecodedKey());
        assertFalse(delete.json().contains("\"size\""), "delete events carry no size: " + delete.json());
        assertIncreasing(
                putRecord.getS3().getObject().getSequencer(),
                deleteRecord.getS3().getObject().getSequencer());
    }

    @Test
    void copyNotifiesObjectCreatedCopyWithTheCopysSizeAndETag() {
        String bucket = newBucket();
        S3EventCapture events = new S3EventCapture(aws, bucket);
        s3.putObject(p -> p.bucket(bucket).key("source.txt"), RequestBody.fromString("copy me"));

        s3.copyObject(c -> c.sourceBucket(bucket)
                .sourceKey("source.txt")
                .destinationBucket(bucket)
                .destinationKey("copies/copy one.txt"));

        List<S3Notification> notifications = events.drain();
        assertEquals(
                List.of("ObjectCreated:Put", "ObjectCreated:Copy"),
                notifications.stream().map(S3Notification::eventName).toList());
        S3EventNotificationRecord copy = S3EventCapture.parse(notifications.get(1), tempDir);
        assertEquals("copies/copy+one.txt", copy.getS3().getObject().getKey());
        assertEquals(7L, copy.getS3().getObject().getSizeAsLong());
        String eTag = s3.headObject(h -> h.bucket(bucket).key("copies/copy one.txt"))
                .eTag()
                .replace("\"", "");
        assertEquals(eTag, copy.getS3().getObject().geteTag());
        assertIncreasing(notifications.get(0).sequencer(), notifications.get(1).sequencer());
    }

    @Test
    void completedMultipartUploadNotifiesOnceWithTheWholeSize() {
        String bucket = newBucket();
        S3EventCapture events = new S3EventCapture(aws, bucket);
        String key = "big/multi part.bin";
        byte[] first = new byte[5 * 1024 * 1024];
        Arrays.fill(first, (byte) 'a');
        byte[] second = "tail".getBytes(StandardCharsets.UTF_8);

        String uploadId =
                s3.createMultipartUpload(c -> c.bucket(bucket).key(key)).uploadId();
        String eTag1 = s3.uploadPart(
                        u -> u.bucket(bucket).key(key).uploadId(uploadId).partNumber(1), RequestBody.fromBytes(first))
                .eTag();
        String eTag2 = s3.uploadPart(
                        u -> u.bucket(bucket).key(key).uploadId(uploadId).partNumber(2), RequestBody.fromBytes(second))
                .eTag();
        s3.completeMultipartUpload(c -> c.bucket(bucket)
                .key(key)
                .uploadId(uploadId)
                .multipartUpload(m -> m.parts(
                        CompletedPart.builder().partNumber(1).eTag(eTag1).build(),
                        CompletedPart.builder().partNumber(2).eTag(eTag2).build())));

        S3Notification complete = events.single();
        assertEquals("ObjectCreated:CompleteMultipartUpload", complete.eventName());
        S3EventNotificationRecord record = S3EventCapture.parse(complete, tempDir);
        assertEquals("big/multi+part.bin", record.getS3().getObject().getKey());
        assertEquals(first.length + second.length, record.getS3().getObject().getSizeAsLong());
        assertEquals(
                s3.headObject(h -> h.bucket(bucket).key(key)).eTag().replace("\"", ""),
                record.getS3().getObject().geteTag());
    }

    @Test
    void deleteObjectsNotifiesEachDeletedKeyInOrder() {
        String bucket = newBucket();
        List<String> keys = List.of("a.txt", "dir/b c.txt", "dir/ä.txt");
        S3EventCapture events = new S3EventCapture(aws, bucket);
        keys.forEach(key -> s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromString(key)));
        assertEquals(3, events.drain().size());

        s3.deleteObjects(d -> d.bucket(bucket)
                .delete(del -> del.objects(keys.stream()
                        .map(key -> ObjectIdentifier.builder().key(key).build())
                        .toList())));

        List<S3Notification> notifications = events.drain();
        assertEquals(keys, notifications.stream().map(S3Notification::key).toList());
        assertTrue(notifications.stream().allMatch(n -> n.eventName().equals("ObjectRemoved:Delete")));
        assertEquals(
                List.of("a.txt", "dir/b+c.txt", "dir/%C3%A4.txt"),
                notifications.stream()
                        .map(n -> S3EventCapture.parse(n, tempDir)
                                .getS3()
                                .getObject()
                                .getKey())
                        .toList());
        for (int i = 1; i < notifications.size(); i++) {
            assertIncreasing(
                    notifications.get(i - 1).sequencer(), notifications.get(i).sequencer());
        }
        assertTrue(s3.listObjectsV2(l -> l.bucket(bucket)).contents().isEmpty());
    }

    @Test
    void failedOrReadOnlyRequestsNotifyNothing() {
        String bucket = newBucket();
        S3EventCapture events = new S3EventCapture(aws, bucket);
        s3.putObject(p -> p.bucket(bucket).key("k"), RequestBody.fromString("v"));
        events.drain();

        s3.getObjectAsBytes(g -> g.bucket(bucket).key("k"));
        s3.listObjectsV2(l -> l.bucket(bucket));
        assertThrows(
                NoSuchBucketException.class,
                () -> s3.putObject(p -> p.bucket("missing-" + bucket).key("k"), RequestBody.fromString("v")));

        assertEquals(List.of(), events.drain());
    }

    /** Function code builds its client with defaults: flexible checksums sent as aws-chunked bodies with trailers. */
    @Test
    void sdkDefaultChecksumsWorkThroughTheGateway() {
        String bucket = newBucket();
        S3EventCapture events = new S3EventCapture(aws, bucket);
        byte[] content = new byte[3 * 1024 * 1024 + 7];
        Arrays.fill(content, (byte) 'x');
        try (S3Client defaults = S3Client.builder()
                .endpointOverride(aws.endpoint())
                .region(aws.region())
                .credentialsProvider(aws.credentialsProvider())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
            defaults.putObject(p -> p.bucket(bucket).key("default checksums.bin"), RequestBody.fromBytes(content));

            assertArrayEquals(
                    content,
                    defaults.getObjectAsBytes(g -> g.bucket(bucket).key("default checksums.bin"))
                            .asByteArray());
        }
        S3EventNotificationRecord put = S3EventCapture.parse(events.single(), tempDir);
        assertEquals("default+checksums.bin", put.getS3().getObject().getKey());
        assertEquals(content.length, put.getS3().getObject().getSizeAsLong());
    }

    @Test
    void versionedBucketEventsCarryVersionIdsAndDeleteMarkers() {
        String bucket = newBucket();
        s3.putBucketVersioning(v -> v.bucket(bucket).versioningConfiguration(c -> c.status("Enabled")));
        S3EventCapture events = new S3EventCapture(aws, bucket);
        String first = s3.putObject(p -> p.bucket(bucket).key(KEY), RequestBody.fromString("one"))
                .versionId();
        String second = s3.putObject(p -> p.bucket(bucket).key(KEY), RequestBody.fromString("two!"))
                .versionId();
        s3.copyObject(c ->
                c.sourceBucket(bucket).sourceKey(KEY).destinationBucket(bucket).destinationKey("copy.jpg"));
        String marker = s3.deleteObject(d -> d.bucket(bucket).key(KEY)).versionId();
        s3.deleteObject(d -> d.bucket(bucket).key(KEY).versionId(first));

        List<S3EventNotificationRecord> records = events.drain().stream()
                .map(n -> S3EventCapture.parse(n, tempDir))
                .toList();
        assertEquals(
                List.of(
                        "ObjectCreated:Put",
                        "ObjectCreated:Put",
                        "ObjectCreated:Copy",
                        "ObjectRemoved:DeleteMarkerCreated",
                        "ObjectRemoved:Delete"),
                records.stream().map(S3EventNotificationRecord::getEventName).toList());
        assertEquals(first, records.get(0).getS3().getObject().getVersionId());
        assertEquals(second, records.get(1).getS3().getObject().getVersionId());
        assertEquals(4L, records.get(2).getS3().getObject().getSizeAsLong(), "the copy's size comes from a HEAD");
        assertTrue(records.get(2).getS3().getObject().getVersionId() != null, "a copy in a versioned bucket");
        assertEquals(marker, records.get(3).getS3().getObject().getVersionId());
        assertEquals(first, records.get(4).getS3().getObject().getVersionId());
        for (int i = 1; i < records.size(); i++) {
            if (records.get(i)
                    .getS3()
                    .getObject()
                    .getKey()
                    .equals(records.get(i - 1).getS3().getObject().getKey())) {
                assertIncreasing(
                        records.get(i - 1).getS3().getObject().getSequencer(),
                        records.get(i).getS3().getObject().getSequencer());
            }
        }
    }

    /** Shape per https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html (2.3). */
    @Test
    void objectTaggingNotifiesPutAndDeleteWithKeyAndETagButNoSequencer() {
        String bucket = newBucket();
        S3EventCapture events = new S3EventCapture(aws, bucket);
        String eTag = s3.putObject(p -> p.bucket(bucket).key(KEY), RequestBody.fromString("tag me"))
                .eTag()
                .replace("\"", "");
        events.drain();

        s3.putObjectTagging(t -> t.bucket(bucket)
                .key(KEY)
                .tagging(g -> g.tagSet(Tag.builder().key("label").value("cat").build())));
        s3.deleteObjectTagging(t -> t.bucket(bucket).key(KEY));

        List<S3Notification> notifications = events.drain();
        assertEquals(
                List.of("ObjectTagging:Put", "ObjectTagging:Delete"),
                notifications.stream().map(S3Notification::eventName).toList());
        for (S3Notification notification : notifications) {
            assertTrue(notification.isObjectTagging());
            assertEquals(null, notification.sequencer());
            assertTrue(notification.json().contains("\"eventVersion\":\"2.3\""), notification.json());
            assertFalse(notification.json().contains("sequencer"), notification.json());
            assertFalse(notification.json().contains("\"size\""), notification.json());
            assertFalse(notification.json().contains("versionId"), "unversioned bucket: " + notification.json());
            S3EventNotificationRecord record = S3EventCapture.parse(notification, tempDir);
            assertEquals(EVENT_KEY, record.getS3().getObject().getKey());
            assertEquals(eTag, record.getS3().getObject().geteTag());
        }
    }

    /** https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectTagging.html: an empty TagSet removes the tags. */
    @Test
    void putObjectTagging_withAnEmptyTagSet_removesTheTagsAndNotifiesAPut() {
        String bucket = newBucket();
        S3EventCapture events = new S3EventCapture(aws, bucket);
        s3.putObject(p -> p.bucket(bucket).key(KEY).tagging("label=cat&size=large"), RequestBody.fromString("tags"));
        events.drain();

        s3.putObjectTagging(t -> t.bucket(bucket).key(KEY).tagging(g -> g.tagSet(List.of())));

        assertEquals(
                List.of(), s3.getObjectTagging(t -> t.bucket(bucket).key(KEY)).tagSet());
        assertEquals("ObjectTagging:Put", events.single().eventName());
    }

    @Test
    void objectTaggingInAVersionedBucketNamesTheVersion() {
        String bucket = newBucket();
        s3.putBucketVersioning(v -> v.bucket(bucket).versioningConfiguration(c -> c.status("Enabled")));
        S3EventCapture events = new S3EventCapture(aws, bucket);
        String first = s3.putObject(p -> p.bucket(bucket).key("v.jpg"), RequestBody.fromString("one"))
                .versionId();
        s3.putObject(p -> p.bucket(bucket).key("v.jpg"), RequestBody.fromString("two"));
        events.drain();

        s3.putObjectTagging(t -> t.bucket(bucket)
                .key("v.jpg")
                .versionId(first)
                .tagging(g -> g.tagSet(Tag.builder().key("label").value("dog").build())));

        S3EventNotificationRecord record = S3EventCapture.parse(events.single(), tempDir);
        assertEquals("ObjectTagging:Put", record.getEventName());
        assertEquals(first, record.getS3().getObject().getVersionId());
        assertEquals(
                s3.headObject(h -> h.bucket(bucket).key("v.jpg").versionId(first))
                        .eTag()
                        .replace("\"", ""),
                record.getS3().getObject().geteTag());
    }

    private static void assertIncreasing(String earlier, String later) {
        assertEquals(earlier.length(), later.length(), "sequencers have one width");
        assertTrue(earlier.compareTo(later) < 0, earlier + " < " + later);
    }
}

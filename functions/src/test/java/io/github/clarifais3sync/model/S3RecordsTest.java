package io.github.clarifais3sync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import org.junit.jupiter.params.ParameterizedTest;

// Unit tests of reading object versions from S3 event records as AWS sends them (events/*.json).
class S3RecordsTest {

    @ParameterizedTest
    @Event(value = "events/s3-put.json", type = S3Event.class)
    void version_decodesTheKeyAndKeepsSizeETagAndSequencer(S3Event event) {
        ObjectVersion version = S3Records.version(event.getRecords().get(0));

        assertEquals("holiday photos/café (1).jpg", version.key());
        assertEquals("clarifai-s3-sync-123456789012-us-east-1", version.bucket());
        assertEquals(48213, version.size());
        assertEquals("0067A1B2C3D4E5F601", version.sequencer());
        assertNull(version.versionId());
        assertEquals(InputIds.forObject(version.bucket(), version.key(), null, version.sequencer(), version.eTag()),
                version.inputId());
    }

    @ParameterizedTest
    @Event(value = "events/s3-delete-marker.json", type = S3Event.class)
    void version_decodesALiteralPlus(S3Event event) {
        assertEquals("archive/2026/cat+dog.png", S3Records.version(event.getRecords().get(0)).key());
    }

    @ParameterizedTest
    @Event(value = "events/s3-delete.json", type = S3Event.class)
    void version_readsTheStringNullAndAnEmptyVersionIdAsNoVersion(S3Event event) {
        S3EventNotificationRecord record = event.getRecords().get(0);
        for (String none : new String[] {"null", ""}) {
            S3EventNotification.S3ObjectEntity object = new S3EventNotification.S3ObjectEntity(
                    record.getS3().getObject().getKey(), 10L, "etag", none, record.getS3().getObject().getSequencer());
            S3EventNotificationRecord changed = new S3EventNotificationRecord("us-east-1", "ObjectCreated:Put",
                    "aws:s3", "2026-11-23T10:20:00.000Z", "2.1", null, null, new S3EventNotification.S3Entity(
                    "config", record.getS3().getBucket(), object, "1.0"), null);

            ObjectVersion version = S3Records.version(changed);

            assertNull(version.versionId(), "versionId " + none);
            assertEquals(10, version.size());
        }
    }
}

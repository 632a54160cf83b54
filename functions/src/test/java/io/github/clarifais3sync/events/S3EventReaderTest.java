package io.github.clarifais3sync.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.github.clarifais3sync.events.ObjectEvent.Kind;
import io.github.clarifais3sync.events.ObjectEvent.Origin;
import io.github.clarifais3sync.events.ObjectEvent.Removal;
import io.github.clarifais3sync.model.InputIds;
import io.github.clarifais3sync.model.ObjectVersion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

// Unit tests of reading both S3 event shapes as AWS sends them (events/*.json).
class S3EventReaderTest {

    /** A key with every character the two encodings treat differently: space, '+', parentheses, ':'. */
    private static final String AWKWARD_KEY = "catalog/a b+c(1):x.jpg";

    private static ObjectEvent only(Map<String, Object> event) {
        S3EventReader.Reading reading = S3EventReader.read(event);
        assertEquals(List.of(), reading.problems());
        assertEquals(1, reading.events().size());
        return reading.events().get(0);
    }

    @ParameterizedTest
    @Event(value = "events/s3-put.json", type = Map.class)
    void read_notification_decodesTheKeyAndKeepsSizeETagAndSequencer(Map<String, Object> event) {
        S3EventReader.Reading reading = S3EventReader.read(event);

        assertEquals(3, reading.events().size());
        ObjectEvent put = reading.events().get(0);
        assertEquals(Kind.CREATED, put.kind());
        assertEquals(Origin.NOTIFICATION, put.origin());
        assertEquals("holiday photos/café (1).jpg", put.key());
        assertEquals("clarifai-s3-sync-123456789012-us-east-1", put.bucket());
        assertEquals(48213, put.size());
        assertEquals("0067A1B2C3D4E5F601", put.sequencer());
        assertNull(put.versionId());
        ObjectVersion version = put.version();
        assertEquals(InputIds.forObject(put.bucket(), put.key(), null, put.sequencer(), put.eTag()), version.inputId());
        assertEquals("2026-11-23T10:15:30.123Z", version.eventTime());
    }

    @ParameterizedTest
    @Event(value = "events/s3-delete-marker.json", type = Map.class)
    void read_notificationDeleteMarker_decodesALiteralPlus(Map<String, Object> event) {
        ObjectEvent removal = only(event);

        assertEquals("archive/2026/cat+dog.png", removal.key());
        assertEquals(Kind.REMOVED, removal.kind());
        assertEquals(Removal.DELETE_MARKER, removal.removal());
        assertFalse(removal.removesOneVersion());
    }

    @ParameterizedTest
    @Event(value = "events/s3-delete.json", type = Map.class)
    void read_notificationDelete_readsTheStringNullAndAnEmptyVersionIdAsNoVersion(Map<String, Object> event) {
        for (String none : new String[] {"null", ""}) {
            ObjectEvent removal = only(Events.with(event, "/Records/0/s3/object", "versionId", none));

            assertNull(removal.versionId(), "versionId " + none);
            assertEquals(Removal.PERMANENT, removal.removal());
            assertFalse(removal.removesOneVersion());
        }
        assertTrue(only(Events.with(event, "/Records/0/s3/object", "versionId", "v1"))
                .removesOneVersion());
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge-object-created.json", type = Map.class)
    void read_eventBridgeCreated_takesTheKeyAsSentWithVersionAndSequencerFromDetailObject(Map<String, Object> event) {
        ObjectEvent created = only(event);

        assertEquals(Kind.CREATED, created.kind());
        assertEquals(Origin.EVENTBRIDGE, created.origin());
        assertEquals(AWKWARD_KEY, created.key(), "EventBridge keys are not URL-encoded");
        assertEquals("photo-archive-123456789012", created.bucket());
        assertEquals(48213, created.size());
        assertEquals("0d2a7e3c5b8f1e4a9c6d2b7f3e1a8c5d", created.eTag());
        assertEquals("IYV3p45BT0ac8hjHg1houSdS1a.Mro8e", created.versionId());
        assertEquals("0067A1B2C3D4E5F601", created.sequencer());
        assertEquals("2026-11-23T10:15:30Z", created.eventTime());
        assertEquals(
                java.time.Instant.parse("2026-11-23T10:15:30Z"),
                created.version().eventInstant());
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge-object-deleted.json", type = Map.class)
    void read_eventBridgePermanentDelete_hasTheSequencerAndNoVersion(Map<String, Object> event) {
        ObjectEvent removal = only(event);

        assertEquals(Kind.REMOVED, removal.kind());
        assertEquals(Removal.PERMANENT, removal.removal());
        assertEquals(AWKWARD_KEY, removal.key());
        assertEquals("0067A1B2C3D4E5F701", removal.sequencer());
        assertNull(removal.versionId());
        assertFalse(removal.removesOneVersion(), "unversioned: the object, not one version");
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge-delete-marker.json", type = Map.class)
    void read_eventBridgeDeleteMarker_isARemovalOfTheObject(Map<String, Object> event) {
        ObjectEvent removal = only(event);

        assertEquals(Removal.DELETE_MARKER, removal.removal());
        assertEquals("catalog/2026/cat+dog.png", removal.key(), "a '+' stays a '+'");
        assertFalse(removal.removesOneVersion());
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge-tags-added.json", type = Map.class)
    void read_eventBridgeTagsAdded_isATagsPutWithoutSequencer(Map<String, Object> event) {
        ObjectEvent tags = only(event);

        assertEquals(Kind.TAGS_PUT, tags.kind());
        assertEquals(AWKWARD_KEY, tags.key());
        assertNull(tags.sequencer());
        assertEquals("IYV3p45BT0ac8hjHg1houSdS1a.Mro8e", tags.versionId());
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge-tags-deleted.json", type = Map.class)
    void read_eventBridgeTagsDeleted_isATagsDeleted(Map<String, Object> event) {
        assertEquals(Kind.TAGS_DELETED, only(event).kind());
    }

    @ParameterizedTest
    @Event(value = "events/s3-tagging-put.json", type = Map.class)
    void read_notificationTaggingPut_decodesToTheSameKeyAsEventBridge(Map<String, Object> event) {
        ObjectEvent tags = only(event);

        assertEquals(Kind.TAGS_PUT, tags.kind());
        assertEquals(AWKWARD_KEY, tags.key());
        assertNull(tags.sequencer());
        assertEquals(0, tags.size());
    }

    @ParameterizedTest
    @Event(value = "events/s3-tagging-delete.json", type = Map.class)
    void read_notificationTaggingDelete_isATagsDeleted(Map<String, Object> event) {
        assertEquals(Kind.TAGS_DELETED, only(event).kind());
    }

    @ParameterizedTest
    @Event(value = "events/eventbridge-malformed.json", type = Map.class)
    void read_eventBridgeWithoutKey_namesWhatIsMissingAndFailsTheInvocation(Map<String, Object> event) {
        S3EventReader.Reading reading = S3EventReader.read(event);

        assertEquals(List.of(), reading.events());
        assertEquals(1, reading.problems().size());
        assertTrue(
                reading.problems().get(0).contains("detail.object.key"),
                reading.problems().get(0));
        assertTrue(reading.problems().get(0).contains("6d4b9f5a-b16e-4da0-a03f-8eab5c4d2f77"), "names the event id");
        MalformedEventException thrown =
                assertThrows(MalformedEventException.class, () -> reading.failIfMalformed("enqueue"));
        assertTrue(thrown.getMessage().contains("detail.object.key"));
    }

    @ParameterizedTest
    @Event(value = "events/s3-put.json", type = Map.class)
    void read_recordWithABadEncoding_keepsTheOtherRecordsAndReportsIt(Map<String, Object> event) {
        S3EventReader.Reading reading =
                S3EventReader.read(Events.with(event, "/Records/1/s3/object", "key", "broken%E"));

        assertEquals(2, reading.events().size());
        assertEquals(1, reading.problems().size());
        assertTrue(
                reading.problems().get(0).startsWith("Records[1]"),
                reading.problems().get(0));
    }

    @ParameterizedTest
    @Event(value = "events/s3-test-event.json", type = Map.class)
    void read_s3TestEvent_isNeitherAnObjectNorAProblem(Map<String, Object> event) {
        S3EventReader.Reading reading = S3EventReader.read(event);

        assertTrue(reading.testEvent());
        assertEquals(List.of(), reading.events());
        assertEquals(List.of(), reading.problems());
    }

    @Test
    void read_otherShapes_areProblemsNotSilence() {
        assertEquals(1, S3EventReader.read(Map.of("hello", "world")).problems().size());
        assertEquals(1, S3EventReader.read((Object) null).problems().size());
        assertTrue(S3EventReader.read(Map.of("source", "aws.ec2", "detail-type", "EC2 Instance State-change"))
                .problems()
                .get(0)
                .contains("not aws.s3"));
        assertEquals(
                Kind.OTHER,
                S3EventReader.read(Map.of(
                                "source",
                                "aws.s3",
                                "detail-type",
                                "Object Restore Completed",
                                "detail",
                                Map.of("bucket", Map.of("name", "b"), "object", Map.of("key", "k.jpg"))))
                        .events()
                        .get(0)
                        .kind());
    }
}

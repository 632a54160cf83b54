package io.github.clarifais3sync.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.events.ObjectEvent.Kind;
import io.github.clarifais3sync.events.ObjectEvent.Origin;
import io.github.clarifais3sync.events.ObjectEvent.Removal;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.logging.Log;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The one place that reads S3 events. Two shapes arrive:
 * <ul>
 *   <li>S3 event notifications, {@code {"Records":[...]}}, with the key form-URL-encoded ("red flower.jpg" arrives as
 *       "red+flower.jpg", a literal '+' as "%2B")
 *       (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html);</li>
 *   <li>EventBridge events from {@code aws.s3} ({@code Object Created}, {@code Object Deleted}, {@code Object Tags
 *       Added}, {@code Object Tags Deleted}) with the fields under {@code detail}, the sequencer in
 *       {@code detail.object.sequencer} (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html). AWS's
 *       page does not say the key is encoded, and events captured from S3 carry it raw (a ':' stays ':'), so it is
 *       used as is.</li>
 * </ul>
 * Both become {@link ObjectEvent}s. What cannot be read is listed in {@link Reading#problems()}, never dropped.
 */
public final class S3EventReader {

    private S3EventReader() {}

    /** The readable events and what was wrong with the rest. */
    public record Reading(List<ObjectEvent> events, List<String> problems, boolean testEvent) {

        public Reading {
            events = List.copyOf(events);
            problems = List.copyOf(problems);
        }

        /**
         * Logs the problems and throws, so the invocation fails and Lambda keeps the event; call after handling
         * {@link #events()}.
         */
        public void failIfMalformed(String function) {
            if (problems.isEmpty()) {
                return;
            }
            for (String problem : problems) {
                Log.error("event.malformed", "function", function, "problem", problem);
            }
            throw new MalformedEventException(problems);
        }
    }

    /** Reads an invocation's event as the Lambda Java runtime hands it over for a {@code Map} parameter. */
    public static Reading read(Object event) {
        if (event == null) {
            return new Reading(List.of(), List.of("empty event"), false);
        }
        return read(Json.MAPPER.valueToTree(event));
    }

    public static Reading read(JsonNode event) {
        List<ObjectEvent> events = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (event == null || !event.isObject()) {
            problems.add("not a JSON object: " + abbreviate(String.valueOf(event)));
            return new Reading(events, problems, false);
        }
        if (event.has("Records")) {
            JsonNode records = event.get("Records");
            if (!records.isArray()) {
                problems.add("Records is not an array");
            } else {
                for (int i = 0; i < records.size(); i++) {
                    readRecord(records.get(i), "Records[" + i + "]", events, problems);
                }
            }
            return new Reading(events, problems, false);
        }
        if (text(event, "Event") != null && text(event, "Event").endsWith("TestEvent")) {
            // Sent once when a notification configuration is saved; it names no object.
            return new Reading(events, problems, true);
        }
        if (event.has("detail-type") || event.has("source")) {
            readEventBridge(event, events, problems);
            return new Reading(events, problems, false);
        }
        problems.add("neither S3 notification Records nor an EventBridge aws.s3 event (fields: "
                + String.join(", ", fieldNames(event)) + ")");
        return new Reading(events, problems, false);
    }

    private static void readRecord(JsonNode record, String where, List<ObjectEvent> events, List<String> problems) {
        String name = text(record, "eventName");
        JsonNode s3 = record.path("s3");
        String bucket = text(s3.path("bucket"), "name");
        String encodedKey = text(s3.path("object"), "key");
        if (name == null || bucket == null || encodedKey == null) {
            problems.add(where + ": missing "
                    + missing(name, "eventName", bucket, "s3.bucket.name", encodedKey, "s3.object.key"));
            return;
        }
        String key;
        try {
            key = URLDecoder.decode(encodedKey, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEncoding) {
            problems.add(where + ": s3.object.key is not URL-encoded: " + abbreviate(encodedKey) + " in " + bucket);
            return;
        }
        JsonNode object = s3.path("object");
        String bare = name.startsWith("s3:") ? name.substring(3) : name;
        Kind kind = bare.startsWith("ObjectCreated:")
                ? Kind.CREATED
                : bare.startsWith("ObjectRemoved:") || bare.startsWith("LifecycleExpiration:")
                        ? Kind.REMOVED
                        : bare.equals("ObjectTagging:Put")
                                ? Kind.TAGS_PUT
                                : bare.equals("ObjectTagging:Delete") ? Kind.TAGS_DELETED : Kind.OTHER;
        Removal removal = kind != Kind.REMOVED
                ? null
                : bare.endsWith(":DeleteMarkerCreated") ? Removal.DELETE_MARKER : Removal.PERMANENT;
        events.add(new ObjectEvent(
                kind,
                bucket,
                key,
                object.path("size").asLong(0),
                text(object, "eTag"),
                version(text(object, "versionId")),
                emptyToNull(text(object, "sequencer")),
                text(record, "eventTime"),
                removal,
                bare,
                Origin.NOTIFICATION));
    }

    private static void readEventBridge(JsonNode event, List<ObjectEvent> events, List<String> problems) {
        String source = text(event, "source");
        String detailType = text(event, "detail-type");
        if (!"aws.s3".equals(source)) {
            problems.add("EventBridge event from " + source + ", not aws.s3 (detail-type " + detailType + ")");
            return;
        }
        JsonNode detail = event.path("detail");
        String bucket = text(detail.path("bucket"), "name");
        String key = text(detail.path("object"), "key");
        if (detailType == null || bucket == null || key == null) {
            problems.add("EventBridge aws.s3 event " + text(event, "id") + ": missing "
                    + missing(detailType, "detail-type", bucket, "detail.bucket.name", key, "detail.object.key"));
            return;
        }
        JsonNode object = detail.path("object");
        Kind kind = switch (detailType) {
            case "Object Created" -> Kind.CREATED;
            case "Object Deleted" -> Kind.REMOVED;
            case "Object Tags Added" -> Kind.TAGS_PUT;
            case "Object Tags Deleted" -> Kind.TAGS_DELETED;
            default -> Kind.OTHER;
        };
        // deletion-type: "Permanently Deleted" or "Delete Marker Created".
        Removal removal = kind != Kind.REMOVED
                ? null
                : "Delete Marker Created".equals(text(detail, "deletion-type"))
                        ? Removal.DELETE_MARKER
                        : Removal.PERMANENT;
        events.add(new ObjectEvent(
                kind,
                bucket,
                key,
                object.path("size").asLong(0),
                text(object, "etag"),
                version(text(object, "version-id")),
                emptyToNull(text(object, "sequencer")),
                text(event, "time"),
                removal,
                detailType,
                Origin.EVENTBRIDGE));
    }

    /** Absent, empty, and "null" (an unversioned or suspended bucket's version) all mean no version. */
    private static String version(String value) {
        return value == null || value.isEmpty() || value.equals("null") ? null : value;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    private static String missing(String a, String aName, String b, String bName, String c, String cName) {
        List<String> names = new ArrayList<>();
        if (a == null) {
            names.add(aName);
        }
        if (b == null) {
            names.add(bName);
        }
        if (c == null) {
            names.add(cName);
        }
        return String.join(", ", names);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext() && names.size() < 10; ) {
            names.add(it.next());
        }
        return names;
    }

    private static String abbreviate(String value) {
        return value.length() <= 200 ? value : value.substring(0, 200) + "…";
    }
}

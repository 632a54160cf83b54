package io.github.clarifais3sync.wiring.priming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.batch.SqsBatchResponse;
import io.github.clarifais3sync.batch.SqsMessage;
import io.github.clarifais3sync.events.S3EventReader;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.model.ObjectVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Events shaped as Lambda delivers them (the files in {@code events/} are the full versions), read and answered the
 * way the handlers read and answer theirs: Jackson's tree, the functions' readers, and the response written to
 * nowhere. Nothing here names a real object; nothing is sent anywhere.
 */
final class SampleEvents {

    private static final String S3_NOTIFICATION = """
            {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
            "eventTime":"2026-01-01T00:00:00.000Z","eventName":"ObjectCreated:Put",
            "s3":{"s3SchemaVersion":"1.0","bucket":{"name":"priming-bucket","arn":"arn:aws:s3:::priming-bucket"},
            "object":{"key":"priming/sample+image.jpg","size":1024,"eTag":"d41d8cd98f00b204e9800998ecf8427e",
            "versionId":"priming","sequencer":"0000000000000001"}}}]}""";

    private static final String EVENTBRIDGE_OBJECT_CREATED = """
            {"version":"0","id":"priming","detail-type":"Object Created","source":"aws.s3","account":"000000000000",
            "time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":["arn:aws:s3:::priming-bucket"],
            "detail":{"version":"0","bucket":{"name":"priming-bucket"},"object":{"key":"priming/sample image.jpg",
            "size":1024,"etag":"d41d8cd98f00b204e9800998ecf8427e","sequencer":"0000000000000001"},
            "request-id":"priming","requester":"000000000000","reason":"PutObject"}}""";

    private SampleEvents() {}

    /** An S3 notification and an EventBridge event, through the reader both S3-triggered functions use. */
    static void readS3Events() {
        S3EventReader.read(tree(S3_NOTIFICATION));
        S3EventReader.read(tree(EVENTBRIDGE_OBJECT_CREATED));
    }

    /** The upload queue's message as the enqueue function writes it and the upload function reads it. */
    static ObjectVersion objectVersion() {
        try {
            ObjectVersion version = ObjectVersion.of(
                    "priming-bucket",
                    "priming/sample image.jpg",
                    1024,
                    "d41d8cd98f00b204e9800998ecf8427e",
                    null,
                    "0000000000000001",
                    "2026-01-01T00:00:00Z");
            return Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(version), ObjectVersion.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An SQS batch of one message with {@code body}, read as the SQS-triggered functions read theirs. */
    static List<SqsMessage> readSqsBatch(String body) {
        ObjectNode message = Json.MAPPER
                .createObjectNode()
                .put("messageId", "priming")
                .put("receiptHandle", "priming")
                .put("body", body)
                .put("eventSource", "aws:sqs");
        message.putObject("attributes").put("ApproximateReceiveCount", "1");
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.putArray("Records").add(message);
        return SqsMessage.read(tree(event.toString()));
    }

    /** The partial batch response of an SQS-triggered function, written to nowhere. */
    static void writeBatchResponse() {
        try {
            new SqsBatchResponse(List.of("priming")).writeTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A small JSON answer like the S3-triggered and scheduled functions write, written to nowhere. */
    static void writeReport() {
        try {
            Json.write(
                    OutputStream.nullOutputStream(),
                    Json.MAPPER.createObjectNode().put("queued", 0).put("skipped", 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

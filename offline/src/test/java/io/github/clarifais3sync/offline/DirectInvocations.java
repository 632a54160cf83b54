package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.offline.lambda.FunctionError;
import io.github.clarifais3sync.testing.Poll;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Drives the functions of a stack started without event sources by hand, in an order the test chooses: S3 events
 * built as S3 sends them, queued messages handed to a function as Lambda's SQS event source would, status runs.
 */
final class DirectInvocations {

    private final PipelineHarness pipeline;

    DirectInvocations(PipelineHarness pipeline) {
        this.pipeline = pipeline;
    }

    JsonNode invoke(String function, String payload) throws FunctionError {
        String response = pipeline.stack().function(function).invoke(payload, "test");
        try {
            return Json.MAPPER.readTree(response);
        } catch (Exception e) {
            throw new AssertionError(function + " answered " + response, e);
        }
    }

    /**
     * Receives {@code expected} messages from the queue, invokes the function with them as Lambda's SQS event source
     * would, and deletes them from the queue.
     */
    JsonNode handleQueued(String queueLogicalId, String function, int expected) throws Exception {
        String queue = pipeline.stack().model().queueUrl(queueLogicalId);
        List<Message> messages = new ArrayList<>();
        Poll.until(expected + " message(s) on " + queueLogicalId, Duration.ofSeconds(10), () -> {
            messages.addAll(pipeline.sqs()
                    .receiveMessage(request -> request.queueUrl(queue)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                    .messages());
            return messages.size() >= expected;
        });
        assertEquals(expected, messages.size());
        ObjectNode event = Json.MAPPER.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message message : messages) {
            ObjectNode record = records.addObject()
                    .put("messageId", message.messageId())
                    .put("receiptHandle", message.receiptHandle())
                    .put("body", message.body())
                    .put("md5OfBody", message.md5OfBody())
                    .put("eventSource", "aws:sqs")
                    .put("eventSourceARN", pipeline.stack().model().queueArn(queueLogicalId))
                    .put("awsRegion", pipeline.stack().model().region());
            ObjectNode attributes = record.putObject("attributes");
            message.attributesAsStrings().forEach(attributes::put);
        }
        JsonNode response = invoke(function, event.toString());
        for (Message message : messages) {
            pipeline.sqs().deleteMessage(request -> request.queueUrl(queue).receiptHandle(message.receiptHandle()));
        }
        return response;
    }

    /** Runs the status function until the key's version is indexed, as the schedule would; returns its input id. */
    String awaitIndexedByStatusRuns(String key) throws Exception {
        Poll.until(key + " indexed", PipelineHarness.PIPELINE_TIMEOUT, () -> {
            try {
                invoke("StatusFunction", "{}");
            } catch (FunctionError e) {
                throw new AssertionError("status run failed", e);
            }
            return pipeline.versions(key).stream().anyMatch(row -> row.state().equals("indexed"));
        });
        return pipeline.versions(key).stream()
                .filter(row -> row.state().equals("indexed"))
                .findFirst()
                .orElseThrow()
                .inputId();
    }

    /**
     * One S3 notification record in the shape S3 sends it (key form-URL-encoded): created objects carry their size
     * and eTag, tagging changes their eTag.
     */
    String s3Event(String eventName, String key, long size, String eTag, String sequencer) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        ObjectNode record = event.putArray("Records")
                .addObject()
                .put("eventVersion", "2.1")
                .put("eventSource", "aws:s3")
                .put("awsRegion", pipeline.stack().model().region())
                .put("eventTime", "2026-03-01T10:00:00.000Z")
                .put("eventName", eventName);
        ObjectNode s3 = record.putObject("s3").put("s3SchemaVersion", "1.0").put("configurationId", "test");
        s3.putObject("bucket").put("name", pipeline.bucket()).put("arn", "arn:aws:s3:::" + pipeline.bucket());
        ObjectNode object = s3.putObject("object").put("key", URLEncoder.encode(key, StandardCharsets.UTF_8));
        if (sequencer != null) {
            object.put("sequencer", sequencer);
        }
        if (eventName.startsWith("ObjectCreated")) {
            object.put("size", size).put("eTag", eTag);
        } else if (eventName.startsWith("ObjectTagging")) {
            record.put("eventVersion", "2.3");
            object.put("eTag", eTag);
        }
        return event.toString();
    }
}

package io.github.clarifais3sync.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One record of an SQS event as Lambda delivers it to a function
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#example-standard-queue-message-event): the fields the
 * functions use, read from the event's JSON tree rather than through aws-lambda-java-events' types (which bring
 * joda-time and a second Jackson into the package and onto the cold start).
 *
 * @param receiveCount {@code attributes.ApproximateReceiveCount}, 1 when absent or unreadable
 */
public record SqsMessage(String messageId, String body, String receiptHandle, int receiveCount) {

    /** A first delivery without a receipt handle (direct invocations, tests). */
    public SqsMessage(String messageId, String body) {
        this(messageId, body, null, 1);
    }

    /** Delivered before: an earlier delivery may have done part of the work and ended before recording it. */
    public boolean redelivered() {
        return receiveCount > 1;
    }

    /** The event's {@code Records}; none when the event is empty or has no such array. */
    public static List<SqsMessage> read(JsonNode event) {
        JsonNode records = event == null ? null : event.get("Records");
        if (records == null || !records.isArray()) {
            return List.of();
        }
        List<SqsMessage> messages = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            messages.add(new SqsMessage(
                    text(record, "messageId"),
                    text(record, "body"),
                    text(record, "receiptHandle"),
                    receiveCount(text(record.path("attributes"), "ApproximateReceiveCount"))));
        }
        return messages;
    }

    private static int receiveCount(String count) {
        try {
            return count == null ? 1 : Math.max(1, Integer.parseInt(count));
        } catch (NumberFormatException notANumber) {
            return 1;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}

package io.github.clarifais3sync.batch;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.clarifais3sync.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The partial batch response of a function fed by SQS, {@code {"batchItemFailures":[{"itemIdentifier":"<messageId>"}]}}:
 * only the listed messages come back, and only with {@code FunctionResponseTypes: [ReportBatchItemFailures]} on the
 * event source; an empty list means the whole batch succeeded
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html). Written with Jackson's streaming
 * generator: no bean introspection on the cold path.
 */
public record SqsBatchResponse(List<String> failedMessageIds) {

    public SqsBatchResponse {
        failedMessageIds = List.copyOf(failedMessageIds);
    }

    public void writeTo(OutputStream output) throws IOException {
        try (JsonGenerator json = Json.generator(output)) {
            json.writeStartObject();
            json.writeArrayFieldStart("batchItemFailures");
            for (String messageId : failedMessageIds) {
                json.writeStartObject();
                json.writeStringField("itemIdentifier", messageId);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }
}

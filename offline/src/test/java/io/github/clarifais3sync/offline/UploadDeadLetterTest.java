package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.clarifais3sync.testing.Poll;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Integration test: a malformed message on the template's upload queue, handled by the real UploadFunction, ends in
 * the upload DLQ after the queue's maxReceiveCount, while a good message beside it is indexed.
 */
class UploadDeadLetterTest {

    private static final String POISON = "{\"bucket\": \"truncated";
    /**
     * The shortest redelivery that still leaves the good message's upload 1 s of its timeout after the functions'
     * 5 s margin; the poison message is received maxReceiveCount (10) times, at most this far apart, before the redrive.
     */
    private static final int REDELIVERY_SECONDS = 6;

    @Test
    void uploadFunction_whenMessageBodyMalformed_leavesItToTheDeadLetterQueueAndIndexesTheGoodOne(
            @TempDir Path directory) throws Exception {
        String key = "dead-letter/good.jpg";

        try (PipelineHarness pipeline = PipelineHarness.startFast(directory, REDELIVERY_SECONDS, Map.of())) {
            String queue = pipeline.stack().model().queueUrl("UploadQueue");
            String deadLetterQueue = pipeline.stack().model().queueUrl("UploadDeadLetterQueue");
            pipeline.sqs().sendMessage(request -> request.queueUrl(queue).messageBody(POISON));
            pipeline.put(key, SampleObjects.create().get("samples/forest.png"));

            Poll.until(
                    "the poison message in the upload DLQ",
                    PipelineHarness.PIPELINE_TIMEOUT,
                    () -> !pipeline.sqs()
                            .receiveMessage(
                                    request -> request.queueUrl(deadLetterQueue).visibilityTimeout(0))
                            .messages()
                            .isEmpty());
            pipeline.awaitIndexed(List.of(key));

            List<Message> dead = pipeline.sqs()
                    .receiveMessage(request -> request.queueUrl(deadLetterQueue).maxNumberOfMessages(10))
                    .messages();
            assertEquals(List.of(POISON), dead.stream().map(Message::body).toList());
            assertEquals(1, pipeline.inputsUnder(key).size());
        }
    }
}

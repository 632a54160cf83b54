package io.github.clarifais3sync.offline;

import static io.github.clarifais3sync.offline.TestStacks.templateCopy;
import static io.github.clarifais3sync.testing.Poll.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.clarifais3sync.offline.handlers.PoisonReportingHandler;
import io.github.clarifais3sync.offline.handlers.RecordingS3Handler;
import io.github.clarifais3sync.offline.handlers.RemovalFailingS3Handler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Event sources against the real emulators, with test handlers swapped into a copy of template.yaml so that the
 * behaviour under test is the event source's, not the functions'.
 */
class EventSourcesTest {

    private static final String ENQUEUE_HANDLER = "io.github.clarifais3sync.enqueue.EnqueueHandler::handleRequest";
    private static final String UPLOAD_HANDLER = "io.github.clarifais3sync.upload.UploadHandler::handleRequest";
    private static final ObjectMapper JSON = Json.MAPPER;

    @Test
    void sqsEventSource_whenMessageReportedFailed_redrivesItToTheDeadLetterQueueAfterMaxReceiveCount(
            @TempDir Path directory) throws Exception {
        Path template = templateCopy(
                directory,
                "VisibilityTimeout: 900",
                "VisibilityTimeout: 3",
                "MaximumBatchingWindowInSeconds: 20",
                "MaximumBatchingWindowInSeconds: 1",
                "Timeout: 120",
                "Timeout: 3",
                UPLOAD_HANDLER,
                PoisonReportingHandler.class.getName() + "::handleRequest");
        PoisonReportingHandler.RECEIVED.clear();

        try (OfflineStack stack = OfflineStack.builder()
                        .template(template)
                        .inputsApi(TestStacks::unusedInputsApi)
                        .start();
                SqsClient sqs = stack.aws().sqsClient()) {
            String queue = stack.model().queueUrl("UploadQueue");
            String deadLetterQueue = stack.model().queueUrl("UploadDeadLetterQueue");
            for (String body : List.of("ok-1", "poison", "ok-2")) {
                sqs.sendMessage(request -> request.queueUrl(queue).messageBody(body));
            }

            until(
                    "the poison message in the DLQ",
                    Duration.ofSeconds(60),
                    () -> !sqs.receiveMessage(
                                    request -> request.queueUrl(deadLetterQueue).visibilityTimeout(0))
                            .messages()
                            .isEmpty());

            List<Message> dead = sqs.receiveMessage(
                            request -> request.queueUrl(deadLetterQueue).maxNumberOfMessages(10))
                    .messages();
            assertEquals(List.of("poison"), dead.stream().map(Message::body).toList());
            List<String> received = List.copyOf(PoisonReportingHandler.RECEIVED);
            assertEquals(
                    1,
                    received.stream().filter(entry -> entry.startsWith("ok-1 ")).count());
            assertEquals(
                    1,
                    received.stream().filter(entry -> entry.startsWith("ok-2 ")).count());
            int maxReceiveCount = stack.model().queues().stream()
                    .filter(spec -> spec.logicalId().equals("UploadQueue"))
                    .findFirst()
                    .orElseThrow()
                    .maxReceiveCount();
            assertEquals(
                    IntStream.rangeClosed(1, maxReceiveCount)
                            .mapToObj(n -> "poison " + n)
                            .toList(),
                    received.stream()
                            .filter(entry -> entry.startsWith("poison"))
                            .toList(),
                    "received maxReceiveCount times, then moved to the DLQ");
        }
    }

    @Test
    void s3Notifications_whenFilteredAndFailing_followTheTemplateAndEndInTheFailureDestination(@TempDir Path directory)
            throws Exception {
        Path template = templateCopy(
                directory,
                "          - Event: s3:ObjectCreated:*\n",
                """
                          - Event: s3:ObjectCreated:*
                            Filter:
                              S3Key:
                                Rules:
                                  - Name: prefix
                                    Value: in/
                                  - Name: suffix
                                    Value: .jpg
                """,
                ENQUEUE_HANDLER,
                RemovalFailingS3Handler.class.getName() + "::handleRequest");
        RecordingS3Handler.RECORDS.clear();

        try (OfflineStack stack = OfflineStack.builder()
                        .template(template)
                        .asyncRetryDelay(Duration.ofMillis(100))
                        .inputsApi(TestStacks::unusedInputsApi)
                        .start();
                S3Client s3 = stack.aws().s3Client();
                SqsClient sqs = stack.aws().sqsClient()) {
            String bucket = stack.bucketName();
            for (String key : List.of("in/a.jpg", "out/b.jpg", "in/c.png", "in/holiday photos/café (1).jpg")) {
                s3.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromString("x"));
            }
            s3.deleteObject(request -> request.bucket(bucket).key("in/a.jpg"));
            String failures = stack.model().queueUrl("S3EventFailureQueue");

            until(
                    "the failed delete event in the on-failure destination",
                    Duration.ofSeconds(30),
                    () -> !sqs.receiveMessage(
                                    request -> request.queueUrl(failures).visibilityTimeout(0))
                            .messages()
                            .isEmpty());
            until("asynchronous invocations to finish", Duration.ofSeconds(30), () -> idle(stack));

            Set<String> records = Set.copyOf(RecordingS3Handler.RECORDS);
            assertEquals(
                    Set.of("ObjectCreated:Put in/a.jpg", "ObjectCreated:Put in/holiday photos/café (1).jpg"), records);
            JsonNode failure = JSON.readTree(sqs.receiveMessage(request -> request.queueUrl(failures))
                    .messages()
                    .get(0)
                    .body());
            assertEquals(
                    "RetriesExhausted", failure.at("/requestContext/condition").asText());
            assertEquals(3, failure.at("/requestContext/approximateInvokeCount").asInt());
            assertEquals(
                    "in/a.jpg",
                    failure.at("/requestPayload/Records/0/s3/object/key").asText());
            assertEquals(
                    "ObjectRemoved:Delete",
                    failure.at("/requestPayload/Records/0/eventName").asText());
            assertTrue(failure.at("/responsePayload/errorMessage").asText().contains("failing on purpose"));
        }
    }

    private static boolean idle(OfflineStack stack) {
        try {
            return stack.asyncIdle();
        } catch (Exception e) {
            return false;
        }
    }

    static Set<String> keys(List<String> records) {
        return records.stream().collect(Collectors.toSet());
    }
}

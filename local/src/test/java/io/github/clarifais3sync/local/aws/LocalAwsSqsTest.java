package io.github.clarifais3sync.local.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

@ExtendWith(SharedLocalAws.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalAwsSqsTest {
    private LocalAws aws;
    private SqsClient sqs;

    @BeforeAll
    void start(LocalAws aws) {
        this.aws = aws;
        this.sqs = aws.sqsClient();
    }

    @AfterAll
    void closeClient() {
        sqs.close();
    }

    @Test
    void batchSendReceiveAndDeleteThroughTheGateway() {
        String queueUrl =
                sqs.createQueue(c -> c.queueName("work-" + UUID.randomUUID())).queueUrl();
        assertTrue(queueUrl.startsWith(aws.endpoint().toString()), "queue URL names the gateway: " + queueUrl);
        List<SendMessageBatchRequestEntry> entries = IntStream.range(0, 10)
                .mapToObj(i -> SendMessageBatchRequestEntry.builder()
                        .id("m" + i)
                        .messageBody("body-" + i)
                        .build())
                .toList();
        assertEquals(
                10,
                sqs.sendMessageBatch(s -> s.queueUrl(queueUrl).entries(entries))
                        .successful()
                        .size());

        Set<String> bodies = new HashSet<>();
        for (int round = 0; round < 10 && bodies.size() < 10; round++) {
            List<Message> messages = sqs.receiveMessage(
                            r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            assertTrue(messages.size() <= 10);
            messages.forEach(m -> bodies.add(m.body()));
            if (!messages.isEmpty()) {
                List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
                messages.forEach(m -> deletes.add(DeleteMessageBatchRequestEntry.builder()
                        .id(m.messageId())
                        .receiptHandle(m.receiptHandle())
                        .build()));
                assertEquals(
                        messages.size(),
                        sqs.deleteMessageBatch(d -> d.queueUrl(queueUrl).entries(deletes))
                                .successful()
                                .size());
            }
        }
        assertEquals(10, bodies.size());
        assertEquals(
                "0",
                sqs.getQueueAttributes(g ->
                                g.queueUrl(queueUrl).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                        .attributes()
                        .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    /** The query protocol the AWS CLI used for SQS before the JSON protocol (CLI v2 before 2.13, v1 before 1.29). */
    @Test
    void queryProtocolRequestsAreServedToo() throws Exception {
        String queue = "query-" + UUID.randomUUID();
        sqs.createQueue(c -> c.queueName(queue));
        HttpRequest request = HttpRequest.newBuilder(aws.endpoint())
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, "
                                + "SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "Action=ListQueues&QueueNamePrefix=" + queue + "&Version=2012-11-05"))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("<ListQueuesResponse"), response.body());
            assertTrue(
                    response.body()
                            .contains("<QueueUrl>" + aws.endpoint() + "/" + LocalAws.ACCOUNT_ID + "/" + queue
                                    + "</QueueUrl>"),
                    response.body());
        }
    }

    @Test
    void messageMovesToTheDeadLetterQueueAfterMaxReceiveCount() {
        String suffix = UUID.randomUUID().toString();
        String dlqUrl = sqs.createQueue(c -> c.queueName("dlq-" + suffix)).queueUrl();
        String dlqArn = sqs.getQueueAttributes(g -> g.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        String queueUrl = sqs.createQueue(c -> c.queueName("main-" + suffix)
                        .attributes(Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                "0",
                                QueueAttributeName.REDRIVE_POLICY,
                                "{\"maxReceiveCount\":\"2\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}")))
                .queueUrl();
        sqs.sendMessage(s -> s.queueUrl(queueUrl).messageBody("poison"));

        int receives = 0;
        for (int round = 0; round < 10; round++) {
            int received = sqs.receiveMessage(
                            r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages()
                    .size();
            receives += received;
            if (received == 0 && receives >= 2) {
                break;
            }
        }
        assertEquals(2, receives, "received maxReceiveCount times before the redrive");

        List<Message> dead = sqs.receiveMessage(
                        r -> r.queueUrl(dlqUrl).maxNumberOfMessages(10).waitTimeSeconds(5))
                .messages();
        assertEquals(List.of("poison"), dead.stream().map(Message::body).toList());
    }
}

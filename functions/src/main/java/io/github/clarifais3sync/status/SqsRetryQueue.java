package io.github.clarifais3sync.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.model.ObjectVersion;
import java.time.Duration;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sends a version back to the upload queue, as the enqueue function does, after a delay. SQS delays a message by at
 * most 900 seconds (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-timers.html).
 */
public final class SqsRetryQueue implements RetryQueue {

    private static final long MAX_DELAY_SECONDS = 900;

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsRetryQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(ObjectVersion version, Duration delay) {
        String body;
        try {
            body = Json.MAPPER.writeValueAsString(version);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
        int seconds = (int) Math.max(0, Math.min(MAX_DELAY_SECONDS, delay.toSeconds()));
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body).delaySeconds(seconds));
    }
}

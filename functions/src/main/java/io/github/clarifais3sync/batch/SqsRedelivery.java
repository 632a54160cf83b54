package io.github.clarifais3sync.batch;

import io.github.clarifais3sync.logging.Log;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;

/**
 * Makes retried messages come back after {@link BackoffSchedule}'s delay instead of the queue's visibility
 * timeout: Lambda leaves the visibility of failed items alone, so they would reappear only after the worst-case
 * timeout (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html). It changes each retried
 * message's visibility, through the receipt handle of the event source's receive, before the handler returns
 * (ChangeMessageVisibilityBatch, at most 10 entries a call:
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibilityBatch.html).
 * A change that fails is logged and never fails the batch: that message then comes back at the queue's default.
 */
public final class SqsRedelivery {

    static final int ENTRIES_PER_CALL = 10;

    private final String function;
    private final SqsClient sqs;
    private final String queueUrl;
    private final BackoffSchedule schedule;

    /** @param function the log events' prefix, the function's short name: {@code <function>.backoff} */
    public SqsRedelivery(String function, SqsClient sqs, String queueUrl, BackoffSchedule schedule) {
        this.function = function;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.schedule = schedule;
    }

    /** Sets each message's visibility to its backoff delay; messages without a receipt handle are left alone. */
    public void backOff(List<SqsMessage> retried) {
        changeAll(retried, message -> schedule.delay(message.receiveCount()).toSeconds());
    }

    /**
     * Sets every message's visibility to the same delay (rounded up to whole seconds, at most SQS's 12 hours), so
     * they come back together; messages without a receipt handle are left alone.
     */
    public void holdFor(List<SqsMessage> held, Duration delay) {
        long seconds = Math.min(
                BackoffSchedule.MAX_VISIBILITY_SECONDS,
                Math.max(0, delay.plusNanos(999_999_999).toSeconds()));
        changeAll(held, message -> seconds);
    }

    private void changeAll(List<SqsMessage> messages, ToLongFunction<SqsMessage> seconds) {
        List<SqsMessage> changeable =
                messages.stream().filter(m -> m.receiptHandle() != null).toList();
        for (int from = 0; from < changeable.size(); from += ENTRIES_PER_CALL) {
            change(changeable.subList(from, Math.min(changeable.size(), from + ENTRIES_PER_CALL)), seconds);
        }
    }

    private void change(List<SqsMessage> messages, ToLongFunction<SqsMessage> delay) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            SqsMessage message = messages.get(i);
            long seconds = delay.applyAsLong(message);
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .receiptHandle(message.receiptHandle())
                    .visibilityTimeout((int) seconds)
                    .build());
            Log.info(
                    function + ".backoff",
                    "messageId",
                    message.messageId(),
                    "receiveCount",
                    message.receiveCount(),
                    "delaySeconds",
                    seconds);
        }
        try {
            ChangeMessageVisibilityBatchResponse response =
                    sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries));
            for (BatchResultErrorEntry failed : response.failed()) {
                Log.warn(
                        function + ".backoff-failed",
                        "messageId",
                        messages.get(Integer.parseInt(failed.id())).messageId(),
                        "code",
                        failed.code(),
                        "error",
                        failed.message());
            }
        } catch (RuntimeException e) {
            Log.warn(function + ".backoff-failed", "messages", messages.size(), "error", e.toString());
        }
    }
}

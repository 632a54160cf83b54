package io.github.clarifais3sync.offline.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.offline.Json;
import io.github.clarifais3sync.offline.Log;
import io.github.clarifais3sync.offline.lambda.FunctionError;
import io.github.clarifais3sync.offline.lambda.LambdaFunction;
import io.github.clarifais3sync.offline.template.Specs.SqsEventSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * An SQS event source mapping as Lambda runs it (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html):
 * pollers long-poll the queue, gather up to {@code BatchSize} messages (at most 10 per ReceiveMessage) until the
 * batching window closes or the 6 MB payload limit is near, and invoke the function synchronously with an
 * {@code SQSEvent}. Success deletes the batch; with {@code ReportBatchItemFailures} only the messages not listed in
 * {@code batchItemFailures} are deleted, and an invalid response fails the whole batch
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html). Failed messages are left alone:
 * they reappear after the queue's visibility timeout, or after the visibility the function set through the records'
 * real receipt handles, and the queue's own redrive policy moves them to its DLQ. Each record carries the message's
 * system attributes ({@code ApproximateReceiveCount} among them), as Lambda's do.
 * {@code ScalingConfig.MaximumConcurrency} is the number of pollers, so no more invocations run at once. As on AWS, a
 * burst reaches the function in several partial batches (each poller gathers its own, and a window may close
 * mid-burst), so a function that wants full batches must coalesce itself (the labels function's hold, docs/labels.md).
 */
public final class SqsEventSource implements AutoCloseable {

    private static final ObjectMapper JSON = Json.MAPPER;
    /** Lambda's synchronous invocation payload limit. */
    private static final long MAX_PAYLOAD_BYTES = 6L * 1024 * 1024;
    /** Lambda scales SQS pollers up from five when no MaximumConcurrency is set. */
    private static final int DEFAULT_POLLERS = 5;
    /** Idle long-poll wait; shorter than SQS's 20 s maximum so that stopping the stack is quick. */
    private static final int IDLE_WAIT_SECONDS = 2;

    private final SqsEventSpec spec;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final SqsClient sqs;
    private final LambdaFunction function;
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> pollers = new ArrayList<>();

    public SqsEventSource(
            SqsEventSpec spec,
            String queueUrl,
            String queueArn,
            String region,
            SqsClient sqs,
            LambdaFunction function) {
        this.spec = spec;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.region = region;
        this.sqs = sqs;
        this.function = function;
    }

    public void start() {
        if (!spec.enabled() || !running.compareAndSet(false, true)) {
            return;
        }
        int count = spec.maximumConcurrency() == null ? DEFAULT_POLLERS : spec.maximumConcurrency();
        for (int i = 0; i < count; i++) {
            pollers.add(Thread.ofPlatform()
                    .daemon()
                    .name("sqs-" + spec.name() + "-" + i)
                    .start(this::poll));
        }
        Log.info(
                "sqs-source.started",
                "function",
                function.spec().logicalId(),
                "queueUrl",
                queueUrl,
                "batchSize",
                spec.batchSize(),
                "windowSeconds",
                spec.maximumBatchingWindowSeconds(),
                "pollers",
                count,
                "reportBatchItemFailures",
                spec.reportBatchItemFailures());
    }

    private void poll() {
        while (running.get()) {
            try {
                List<Message> batch = gather();
                if (!batch.isEmpty()) {
                    invoke(batch);
                }
            } catch (RuntimeException e) {
                // Whatever failed, this poller keeps going: a dead poller would silently halve the concurrency.
                // Messages not deleted come back after the visibility timeout, as with a failed invocation.
                if (running.get()) {
                    Log.warn(
                            "sqs-source.poll-failed",
                            "function",
                            function.spec().logicalId(),
                            "error",
                            e.toString());
                    sleep(1000);
                }
            }
        }
    }

    /** Receives until BatchSize messages, the batching window's end, or the payload limit. */
    private List<Message> gather() {
        List<Message> batch = new ArrayList<>();
        long payloadBytes = 0;
        long windowEnds = Long.MAX_VALUE;
        while (running.get() && batch.size() < spec.batchSize()) {
            long now = System.currentTimeMillis();
            int waitSeconds;
            if (batch.isEmpty()) {
                waitSeconds = IDLE_WAIT_SECONDS;
            } else if (now >= windowEnds) {
                break;
            } else {
                // Whole seconds only, rounded down, so a long poll never runs past the window's end.
                waitSeconds = (int) Math.min(20, TimeUnit.MILLISECONDS.toSeconds(windowEnds - now));
            }
            List<Message> received = sqs.receiveMessage(request -> request.queueUrl(queueUrl)
                            .maxNumberOfMessages(Math.min(10, spec.batchSize() - batch.size()))
                            .waitTimeSeconds(waitSeconds)
                            .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                            .messageAttributeNames("All"))
                    .messages();
            if (received.isEmpty() && waitSeconds == 0) {
                sleep(Math.min(100, Math.max(1, windowEnds - System.currentTimeMillis())));
            }
            for (Message message : received) {
                batch.add(message);
                payloadBytes += message.body().getBytes(StandardCharsets.UTF_8).length + 1024;
            }
            if (!batch.isEmpty() && windowEnds == Long.MAX_VALUE) {
                windowEnds = System.currentTimeMillis() + spec.maximumBatchingWindowSeconds() * 1000L;
            }
            if (spec.maximumBatchingWindowSeconds() == 0 && !batch.isEmpty()
                    || payloadBytes > MAX_PAYLOAD_BYTES - 256 * 1024) {
                break;
            }
        }
        return batch;
    }

    private void invoke(List<Message> batch) {
        String payload = event(batch);
        Set<String> failed;
        try {
            String response = function.invoke(payload, "sqs");
            failed = spec.reportBatchItemFailures() ? failedMessageIds(response, batch) : Set.of();
        } catch (FunctionError error) {
            Log.warn(
                    "sqs-source.batch-failed",
                    "function",
                    function.spec().logicalId(),
                    "messages",
                    batch.size(),
                    "errorType",
                    error.errorType(),
                    "error",
                    error.getMessage());
            return;
        } catch (InvalidBatchResponse invalid) {
            Log.warn(
                    "sqs-source.batch-response-invalid",
                    "function",
                    function.spec().logicalId(),
                    "messages",
                    batch.size(),
                    "reason",
                    invalid.getMessage());
            return;
        }
        List<Message> done = batch.stream()
                .filter(message -> !failed.contains(message.messageId()))
                .toList();
        delete(done);
        Log.info(
                "sqs-source.batch-done",
                "function",
                function.spec().logicalId(),
                "messages",
                batch.size(),
                "deleted",
                done.size(),
                "failed",
                failed.size());
    }

    /**
     * Complete success: null, empty or an empty list. Complete failure: anything unparseable, an empty or unknown
     * {@code itemIdentifier} (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
     */
    static Set<String> failedMessageIds(String response, List<Message> batch) throws InvalidBatchResponse {
        if (response == null || response.isBlank() || response.trim().equals("null")) {
            return Set.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(response);
        } catch (Exception e) {
            throw new InvalidBatchResponse("response is not JSON");
        }
        if (!root.isObject()) {
            throw new InvalidBatchResponse("response is not a JSON object");
        }
        JsonNode failures = root.get("batchItemFailures");
        if (failures == null || failures.isNull()) {
            return Set.of();
        }
        if (!failures.isArray()) {
            throw new InvalidBatchResponse("batchItemFailures is not a list");
        }
        Set<String> batchIds = new HashSet<>();
        batch.forEach(message -> batchIds.add(message.messageId()));
        Set<String> failed = new HashSet<>();
        for (JsonNode failure : failures) {
            JsonNode identifier = failure.get("itemIdentifier");
            if (identifier == null
                    || !identifier.isTextual()
                    || identifier.asText().isEmpty()
                    || !batchIds.contains(identifier.asText())) {
                throw new InvalidBatchResponse("itemIdentifier " + identifier + " is empty or not in the batch");
            }
            failed.add(identifier.asText());
        }
        return failed;
    }

    private void delete(List<Message> messages) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (Message message : messages.subList(from, Math.min(messages.size(), from + 10))) {
                entries.add(DeleteMessageBatchRequestEntry.builder()
                        .id(String.valueOf(entries.size()))
                        .receiptHandle(message.receiptHandle())
                        .build());
            }
            DeleteMessageBatchResponse response =
                    sqs.deleteMessageBatch(request -> request.queueUrl(queueUrl).entries(entries));
            if (response.hasFailed() && !response.failed().isEmpty()) {
                Log.warn(
                        "sqs-source.delete-failed",
                        "function",
                        function.spec().logicalId(),
                        "failed",
                        response.failed());
            }
        }
    }

    /** The event in the shape Lambda delivers it. */
    private String event(List<Message> batch) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message message : batch) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            ObjectNode attributes = record.putObject("attributes");
            message.attributesAsStrings().forEach(attributes::put);
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            message.messageAttributes().forEach((name, value) -> messageAttributes.set(name, attribute(value)));
            record.put("md5OfBody", message.md5OfBody());
            if (message.md5OfMessageAttributes() != null) {
                record.put("md5OfMessageAttributes", message.md5OfMessageAttributes());
            }
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", region);
        }
        return event.toString();
    }

    private static JsonNode attribute(MessageAttributeValue value) {
        Map<String, Object> attribute = new LinkedHashMap<>();
        attribute.put("stringValue", value.stringValue());
        attribute.put(
                "binaryValue",
                value.binaryValue() == null
                        ? null
                        : java.util.Base64.getEncoder()
                                .encodeToString(value.binaryValue().asByteArray()));
        attribute.put("stringListValues", value.stringListValues());
        attribute.put("binaryListValues", List.of());
        attribute.put("dataType", value.dataType());
        return JSON.valueToTree(attribute);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running.set(false);
        for (Thread poller : pollers) {
            try {
                poller.join(TimeUnit.SECONDS.toMillis(IDLE_WAIT_SECONDS + 3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static final class InvalidBatchResponse extends Exception {
        InvalidBatchResponse(String message) {
            super(message);
        }
    }
}

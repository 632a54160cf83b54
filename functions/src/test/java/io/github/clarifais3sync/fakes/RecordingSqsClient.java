package io.github.clarifais3sync.fakes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/** Records SendMessageBatch calls; can refuse bodies containing a marker. Real SQS is used in the offline module. */
public final class RecordingSqsClient implements SqsClient {

    public final List<SendMessageBatchRequest> batches = new ArrayList<>();
    public final List<ChangeMessageVisibilityBatchRequest> visibilityChanges = new ArrayList<>();
    private boolean failVisibilityChanges;

    /** Every later ChangeMessageVisibilityBatch throws, as with an SQS outage. */
    public synchronized RecordingSqsClient failVisibilityChanges() {
        failVisibilityChanges = true;
        return this;
    }

    private final Set<String> refuseContaining = new HashSet<>();

    public RecordingSqsClient refuseBodiesContaining(String marker) {
        refuseContaining.add(marker);
        return this;
    }

    private final Set<String> throwContaining = new HashSet<>();

    /** Fails a whole SendMessageBatch holding such a body, as the SDK does once its retries are spent. */
    public RecordingSqsClient throwOnBodiesContaining(String marker) {
        throwContaining.add(marker);
        return this;
    }

    /** Stops refusing: SQS is back. */
    public RecordingSqsClient acceptAll() {
        refuseContaining.clear();
        throwContaining.clear();
        return this;
    }

    public List<String> bodies() {
        return batches.stream()
                .flatMap(b -> b.entries().stream())
                .map(SendMessageBatchRequestEntry::messageBody)
                .toList();
    }

    @Override
    public SendMessageBatchResponse sendMessageBatch(Consumer<SendMessageBatchRequest.Builder> request) {
        SendMessageBatchRequest.Builder builder = SendMessageBatchRequest.builder();
        request.accept(builder);
        SendMessageBatchRequest built = builder.build();
        if (built.entries().size() > 10) {
            throw new IllegalArgumentException("SQS takes at most 10 entries per batch");
        }
        if (built.entries().stream().anyMatch(e -> throwContaining.stream().anyMatch(e.messageBody()::contains))) {
            throw SdkClientException.create("Unable to execute HTTP request: Connection refused (after 3 attempts)");
        }
        batches.add(built);
        List<SendMessageBatchResultEntry> ok = new ArrayList<>();
        List<BatchResultErrorEntry> failed = new ArrayList<>();
        for (SendMessageBatchRequestEntry entry : built.entries()) {
            if (refuseContaining.stream().anyMatch(entry.messageBody()::contains)) {
                failed.add(BatchResultErrorEntry.builder()
                        .id(entry.id())
                        .code("InternalError")
                        .senderFault(false)
                        .build());
            } else {
                ok.add(SendMessageBatchResultEntry.builder()
                        .id(entry.id())
                        .messageId("m-" + entry.id())
                        .build());
            }
        }
        return SendMessageBatchResponse.builder().successful(ok).failed(failed).build();
    }

    @Override
    public synchronized ChangeMessageVisibilityBatchResponse changeMessageVisibilityBatch(
            Consumer<ChangeMessageVisibilityBatchRequest.Builder> request) {
        ChangeMessageVisibilityBatchRequest.Builder builder = ChangeMessageVisibilityBatchRequest.builder();
        request.accept(builder);
        ChangeMessageVisibilityBatchRequest built = builder.build();
        if (failVisibilityChanges) {
            throw software.amazon.awssdk.services.sqs.model.SqsException.builder()
                    .message("unavailable")
                    .build();
        }
        if (built.entries().size() > 10) {
            throw new IllegalArgumentException("SQS takes at most 10 entries per batch");
        }
        visibilityChanges.add(built);
        return ChangeMessageVisibilityBatchResponse.builder()
                .successful(built.entries().stream()
                        .map(e -> ChangeMessageVisibilityBatchResultEntry.builder()
                                .id(e.id())
                                .build())
                        .toList())
                .build();
    }

    /** Receipt handle to visibility timeout (seconds) of every change so far. */
    public synchronized java.util.Map<String, Integer> visibilityByReceiptHandle() {
        java.util.Map<String, Integer> result = new java.util.LinkedHashMap<>();
        visibilityChanges.forEach(
                batch -> batch.entries().forEach(e -> result.put(e.receiptHandle(), e.visibilityTimeout())));
        return result;
    }

    @Override
    public String serviceName() {
        return "sqs";
    }

    @Override
    public void close() {}
}

package io.github.clarifais3sync.offline;

import static io.github.clarifais3sync.offline.TestStacks.templateCopy;
import static io.github.clarifais3sync.testing.Poll.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clarifais3sync.offline.lambda.LambdaFunction.Invocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Proves the SQS → upload wiring is read from template.yaml: a copy with another BatchSize gives other batches. */
class BatchSizeFromTemplateTest {

    private static final int OBJECTS = 9;

    @Test
    void uploadBatches_whenTemplateCopySetsBatchSizeThree_neverExceedThree(@TempDir Path directory) throws Exception {
        Path template = templateCopy(
                directory,
                "BatchSize: !Ref UploadBatchSize",
                "BatchSize: 3",
                "MaximumBatchingWindowInSeconds: 20",
                "MaximumBatchingWindowInSeconds: 2");
        Queue<Invocation> uploads = new ConcurrentLinkedQueue<>();
        byte[] image = SampleObjects.create().get("samples/sunrise.jpg");

        try (OfflineStack stack = OfflineStack.builder()
                        .template(template)
                        .inputsApi(() -> LocalInputsApiEndpoint.start(0, Duration.ofMillis(100)))
                        .start();
                S3Client s3 = stack.aws().s3Client()) {
            stack.onInvocation(invocation -> {
                if (invocation.functionLogicalId().equals("UploadFunction")) {
                    uploads.add(invocation);
                }
            });
            for (int i = 0; i < OBJECTS; i++) {
                String key = "batch/image-" + i + ".jpg";
                s3.putObject(request -> request.bucket(stack.bucketName()).key(key), RequestBody.fromBytes(image));
            }

            until(
                    "every object through the upload function",
                    Duration.ofSeconds(60),
                    () -> uploads.stream()
                                    .filter(Invocation::succeeded)
                                    .mapToInt(Invocation::records)
                                    .sum()
                            >= OBJECTS);
        }

        List<Integer> sizes = uploads.stream().map(Invocation::records).toList();
        assertTrue(sizes.stream().allMatch(size -> size >= 1 && size <= 3), "batch sizes " + sizes);
        assertEquals(3, sizes.stream().mapToInt(Integer::intValue).max().orElse(0), "batch sizes " + sizes);
        assertEquals(OBJECTS, sizes.stream().mapToInt(Integer::intValue).sum(), "batch sizes " + sizes);
    }
}

package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clarifais3sync.local.inputsapi.FaultInjector;
import io.github.clarifais3sync.offline.lambda.LambdaFunction.Invocation;
import io.github.clarifais3sync.testing.Poll;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Integration test: Clarifai failing requests or single inputs, injected by the local Inputs API, through the whole
 * pipeline; every image still ends indexed exactly once (client backoff, SQS redelivery, deterministic input ids).
 */
class InputsApiFaultsTest {

    @TempDir
    static Path directory;

    private static PipelineHarness pipeline;
    private static final Queue<Invocation> UPLOADS = new ConcurrentLinkedQueue<>();
    private static final List<byte[]> IMAGES = SampleObjects.create().entrySet().stream()
            .filter(sample -> SampleObjects.isImage(sample.getKey()))
            .map(Map.Entry::getValue)
            .limit(3)
            .toList();

    @BeforeAll
    static void startStack() throws Exception {
        pipeline = PipelineHarness.startFast(directory, Map.of());
        pipeline.stack().onInvocation(invocation -> {
            if (invocation.functionLogicalId().equals("UploadFunction")) {
                UPLOADS.add(invocation);
            }
        });
    }

    @AfterAll
    static void stopStack() {
        pipeline.close();
    }

    @BeforeEach
    void forgetUploads() {
        UPLOADS.clear();
    }

    @AfterEach
    void clearFaults() {
        pipeline.inputsApi().faults().clear();
    }

    static Stream<Arguments> requestFaults() {
        return Stream.of(
                Arguments.of(
                        Named.of("two 503 answers", fault(faults -> faults.failNextRequests(2, 503, 40031))),
                        "/fail_next_requests/count",
                        "faults/503/"),
                Arguments.of(
                        Named.of("three 429 throttles", fault(faults -> faults.throttleNextRequests(3))),
                        "/throttle_next_requests",
                        "faults/429/"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestFaults")
    void pipeline_whenInputsApiFailsTheNextRequests_indexesEveryImageOnce(
            Consumer<FaultInjector> fault, String faultsLeftPointer, String prefix) throws Exception {
        fault.accept(pipeline.inputsApi().faults());

        List<String> keys = putImages(prefix);
        pipeline.awaitIndexed(keys);

        assertEquals(0, pipeline.faultsLeft().at(faultsLeftPointer).asInt(), "every injected fault was answered");
        assertOneInputPerKey(prefix, keys);
    }

    @Test
    void upload_whenAddFailsTheFirstInputOfEachRequest_redeliversItUntilIndexedOnce() throws Exception {
        String prefix = "faults/first-input/";
        pipeline.inputsApi().faults().failFirstInputsOfEachAdd(1, 40031);

        List<String> keys = putImages(prefix);
        Poll.until(
                "an upload batch answered with the injected input failure",
                PipelineHarness.PIPELINE_TIMEOUT,
                () -> UPLOADS.stream().anyMatch(Invocation::succeeded));
        pipeline.inputsApi().faults().clear();
        pipeline.awaitIndexed(keys);

        int delivered = UPLOADS.stream()
                .filter(Invocation::succeeded)
                .mapToInt(Invocation::records)
                .sum();
        assertTrue(delivered > keys.size(), "the failed input's message came back: " + delivered + " deliveries");
        assertOneInputPerKey(prefix, keys);
    }

    private static List<String> putImages(String prefix) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < IMAGES.size(); i++) {
            String key = prefix + "image-" + i + ".jpg";
            pipeline.put(key, IMAGES.get(i));
            keys.add(key);
        }
        return keys;
    }

    private static void assertOneInputPerKey(String prefix, List<String> keys) {
        Map<String, Long> inputsByKey = pipeline.inputsUnder(prefix).stream()
                .collect(Collectors.groupingBy(
                        input -> input.at("/data/metadata/s3_key").asText(), Collectors.counting()));
        assertEquals(keys.stream().collect(Collectors.toMap(Function.identity(), key -> 1L)), inputsByKey);
    }

    /** Gives the lambda its type inside {@code Named.of}. */
    private static Consumer<FaultInjector> fault(Consumer<FaultInjector> fault) {
        return fault;
    }
}

package io.github.clarifais3sync.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.clarifais3sync.local.inputsapi.LocalInputsApi;
import io.github.clarifais3sync.local.inputsapi.RequestKind;
import io.github.clarifais3sync.testing.Poll;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

// The functions' InputsClient against the local Inputs API (no mocks): every operation in both path forms, and each
// retryable and permanent failure class through the local API's fault injection.
class InputsClientTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final String KEY = "client-test-key";
    private static final String PAT = "client-test-pat";
    private static final String USER = "client-user";
    private static final String APP = "client-app";
    private static final RetryPolicy FAST = new RetryPolicy(
            Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMillis(20), Duration.ofMillis(50));
    private static final String SAMPLE = "https://samples.clarifai.com/metro-north.jpg";

    private static LocalInputsApi api;

    @BeforeAll
    static void start() {
        api = LocalInputsApi.builder()
                .port(0)
                .apiKey(KEY, USER, APP)
                .personalAccessToken(PAT, USER)
                .processingDelay(Duration.ofMillis(50))
                .deleteDelay(Duration.ofMillis(50))
                .rateLimit(0)
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @BeforeEach
    void reset() {
        api.reset();
        api.faults().clear();
    }

    private static InputsClient client(PathForm form) {
        return InputsClient.builder()
                .baseUrl(api.baseUrl())
                .pathForm(form)
                .apiKey(ApiKey.of(form == PathForm.APP_KEY ? KEY : PAT))
                .userId(USER)
                .appId(APP)
                .retryPolicy(FAST)
                .requestTimeout(Duration.ofSeconds(10))
                .build();
    }

    private static Deadline seconds(int seconds) {
        return Deadline.after(Duration.ofSeconds(seconds));
    }

    private static byte[] png() throws Exception {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, 0xff0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(PathForm.class)
    void addInputs_byUrlAndBytes_areAcceptedAndReachInputSuccess(PathForm form) throws Exception {
        try (InputsClient client = client(form)) {
            var metadata = JsonNodeFactory.instance.objectNode().put("s3_key", "a b/ü.jpg");
            AddInputsResult result = client.addInputs(
                    List.of(
                            NewInput.fromUrl("by-url", SAMPLE)
                                    .withConcepts(List.of(Concept.present("train")))
                                    .withMetadata(metadata),
                            NewInput.fromBytes("by-bytes", png())),
                    seconds(10));

            assertTrue(result.outcomes().stream().allMatch(o -> o.kind() == InputOutcome.Kind.ACCEPTED));
            Optional<Input> done = Poll.until(
                    "the input added by URL processed",
                    WAIT,
                    () -> client.getInput("by-url", seconds(5)),
                    i -> i.isPresent() && i.get().status().code() == StatusCodes.INPUT_SUCCESS);
            assertEquals(StatusCodes.INPUT_SUCCESS, done.orElseThrow().status().code());
            assertEquals("a b/ü.jpg", done.get().metadata().get("s3_key").asText());
            assertEquals(List.of(new Concept("train", 1)), done.get().concepts());
            Optional<Input> bytes = Poll.until(
                    "the input added as bytes processed",
                    WAIT,
                    () -> client.getInput("by-bytes", seconds(5)),
                    i -> i.isPresent() && i.get().status().code() == StatusCodes.INPUT_SUCCESS);
            assertEquals(StatusCodes.INPUT_SUCCESS, bytes.orElseThrow().status().code());
        }
    }

    @ParameterizedTest
    @EnumSource(PathForm.class)
    void addInputs_withoutId_returnsTheGeneratedId(PathForm form) {
        try (InputsClient client = client(form)) {
            AddInputsResult result = client.addInputs(List.of(NewInput.fromUrl(null, SAMPLE)), seconds(10));

            String id = result.outcomes().get(0).id();
            assertFalse(id.isEmpty());
            assertTrue(client.getInput(id, seconds(5)).isPresent());
        }
    }

    @ParameterizedTest
    @EnumSource(PathForm.class)
    void listStreamCountAndGet_pageAndFilter(PathForm form) throws Exception {
        try (InputsClient client = client(form)) {
            List<NewInput> inputs = IntStream.range(0, 5)
                    .mapToObj(i -> NewInput.fromUrl("in-" + i, SAMPLE).withAllowDuplicateUrl(true))
                    .toList();
            client.addInputs(inputs, seconds(10));
            Poll.until("five inputs processed", WAIT, () -> client.getInputCounts(seconds(5)), c -> c.processed() == 5);

            assertEquals(
                    2,
                    client.listInputs(ListInputsRequest.page(1, 2), seconds(5))
                            .inputs()
                            .size());
            assertEquals(
                    1,
                    client.listInputs(ListInputsRequest.page(3, 2), seconds(5))
                            .inputs()
                            .size());
            assertTrue(
                    client.listInputs(ListInputsRequest.page(4, 2), seconds(5)).isEmpty());
            InputPage some = client.listInputs(
                    ListInputsRequest.ofIds(List.of("in-1", "in-3", "missing"))
                            .withStatusCode(StatusCodes.INPUT_SUCCESS),
                    seconds(5));
            assertEquals(
                    List.of("in-1", "in-3"),
                    some.inputs().stream().map(Input::id).sorted().toList());
            InputPage first = client.streamInputs(null, 3, false, seconds(5));
            InputPage rest = client.streamInputs(first.lastId(), 3, false, seconds(5));
            assertEquals(3, first.inputs().size());
            assertEquals(2, rest.inputs().size());
            assertEquals(5, client.getInputCounts(seconds(5)).processed());
            assertTrue(client.getInput("missing", seconds(5)).isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(PathForm.class)
    void patchInputs_mergesRemovesAndOverwrites(PathForm form) {
        try (InputsClient client = client(form)) {
            client.addInputs(
                    List.of(
                            NewInput.fromUrl("p1", SAMPLE).withAllowDuplicateUrl(true),
                            NewInput.fromUrl("p2", SAMPLE).withAllowDuplicateUrl(true)),
                    seconds(10));
            var meta = JsonNodeFactory.instance.objectNode();
            meta.putObject("camera").put("model", "x");

            List<InputOutcome> merged = client.patchInputs(
                    List.of(
                            new InputPatch("p1", List.of(Concept.present("tree"), Concept.absent("water")), meta),
                            new InputPatch("p2", List.of(Concept.present("tree")), null)),
                    PatchAction.MERGE,
                    seconds(5));
            client.patchInputs(
                    List.of(new InputPatch("p1", List.of(Concept.present("water")), null)),
                    PatchAction.REMOVE,
                    seconds(5));

            assertTrue(merged.stream().allMatch(o -> o.kind() == InputOutcome.Kind.ACCEPTED));
            Input p1 = client.getInput("p1", seconds(5)).orElseThrow();
            assertEquals(List.of(new Concept("tree", 1)), p1.concepts());
            assertEquals("x", p1.metadata().get("camera").get("model").asText());
            client.patchInputs(
                    List.of(new InputPatch("p1", List.of(Concept.present("sky")), null)),
                    PatchAction.OVERWRITE,
                    seconds(5));
            Input overwritten = client.getInput("p1", seconds(5)).orElseThrow();
            assertEquals(List.of(new Concept("sky", 1)), overwritten.concepts());
            assertFalse(overwritten.metadata().has("camera"));
        }
    }

    @ParameterizedTest
    @EnumSource(PathForm.class)
    void deletes_oneManyAndAll_removeInputsAsynchronously(PathForm form) throws Exception {
        try (InputsClient client = client(form)) {
            client.addInputs(
                    IntStream.range(0, 6)
                            .mapToObj(i -> NewInput.fromUrl("d" + i, SAMPLE).withAllowDuplicateUrl(true))
                            .toList(),
                    seconds(10));

            client.deleteInput("d0", seconds(5));
            client.deleteInputs(List.of("d1", "d2"), seconds(5));
            assertTrue(Poll.until("input d2 gone", WAIT, () -> client.getInput("d2", seconds(5)), Optional::isEmpty)
                    .isEmpty());
            DeleteAllResult all = client.deleteAll(seconds(10));

            assertTrue(all.usedDeleteAll());
            assertTrue(Poll.until(
                            "no inputs left",
                            WAIT,
                            () -> client.streamInputs(null, 10, false, seconds(5)),
                            InputPage::isEmpty)
                    .isEmpty());
        }
    }

    @Test
    void build_refusesABaseUrlThatWouldSendTheKeyInClear() {
        for (String refused : List.of("http://api.clarifai.com", "http://192.168.1.20:8080", "ftp://127.0.0.1")) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> InputsClient.builder()
                            .baseUrl(refused)
                            .pathForm(PathForm.APP_KEY)
                            .apiKey(ApiKey.of(KEY))
                            .build(),
                    refused);
            assertTrue(e.getMessage().startsWith("The Clarifai base URL must be an https:// URL"), e.getMessage());
        }
        // The local API on a loopback host, as the tests and the offline stack run it.
        try (InputsClient loopback = InputsClient.builder()
                .baseUrl(api.baseUrl())
                .pathForm(PathForm.APP_KEY)
                .apiKey(ApiKey.of(KEY))
                .build()) {
            assertTrue(api.baseUrl().startsWith("http://127.0.0.1:"));
            assertFalse(loopback.streamInputs(null, 1, false, seconds(5)) == null);
        }
    }

    @Test
    void deleteInputs_aBatchNamingAGoneInput_deletesTheRestWithoutGoingOneByOne() throws Exception {
        try (InputsClient client = client(PathForm.APP_KEY)) {
            client.addInputs(
                    IntStream.range(0, 5)
                            .mapToObj(i -> NewInput.fromUrl("g" + i, SAMPLE).withAllowDuplicateUrl(true))
                            .toList(),
                    seconds(10));
            client.deleteInput("g0", seconds(5));
            assertTrue(Poll.until("input g0 gone", WAIT, () -> client.getInput("g0", seconds(5)), Optional::isEmpty)
                    .isEmpty());
            long deletesBefore = api.requests("DELETE");
            long listsBefore = api.requests(RequestKind.STATUS);

            client.deleteInputs(List.of("g0", "g1", "g2", "g3", "g4", "never"), seconds(5));

            assertTrue(Poll.until(
                            "no inputs left",
                            WAIT,
                            () -> client.streamInputs(null, 10, false, seconds(5)),
                            InputPage::isEmpty)
                    .isEmpty());
            assertEquals(2, api.requests("DELETE") - deletesBefore, "the refused batch, then the ids still listed");
            assertEquals(1, api.requests(RequestKind.STATUS) - listsBefore, "one listing of the refused batch's ids");
        }
    }

    @Test
    void deleteAll_whenTheServerRefusesDeleteAll_pagesIdsAndDeletesInBatches() throws Exception {
        try (LocalInputsApi modern = LocalInputsApi.builder()
                        .port(0)
                        .apiKey(KEY, USER, APP)
                        .rateLimit(0)
                        .processingDelay(Duration.ofMillis(10))
                        .deleteDelay(Duration.ofMillis(10))
                        .deleteAllHonoured(false)
                        .build()
                        .start();
                InputsClient client = InputsClient.builder()
                        .baseUrl(modern.baseUrl())
                        .pathForm(PathForm.APP_KEY)
                        .apiKey(ApiKey.of(KEY))
                        .retryPolicy(FAST)
                        .build()) {
            for (int batch = 0; batch < 3; batch++) {
                int offset = batch * 100;
                client.addInputs(
                        IntStream.range(0, 100)
                                .mapToObj(i -> NewInput.fromUrl("x" + (offset + i), SAMPLE)
                                        .withAllowDuplicateUrl(true))
                                .toList(),
                        seconds(10));
            }

            DeleteAllResult result = client.deleteAll(seconds(20));

            assertFalse(result.usedDeleteAll());
            assertEquals(300, result.deletedIds());
            assertTrue(Poll.until(
                            "no inputs left",
                            WAIT,
                            () -> client.streamInputs(null, 10, false, seconds(5)),
                            InputPage::isEmpty)
                    .isEmpty());
        }
    }

    @Test
    void addInputs_duplicateIdAndDuplicateUrl_areClassifiedByCode() {
        try (InputsClient client = client(PathForm.APP_KEY)) {
            client.addInputs(List.of(NewInput.fromUrl("dup", SAMPLE)), seconds(10));

            AddInputsResult again = client.addInputs(
                    List.of(
                            NewInput.fromUrl("dup", SAMPLE).withAllowDuplicateUrl(true),
                            NewInput.fromUrl("other", SAMPLE)),
                    seconds(10));

            assertEquals(InputOutcome.Kind.DUPLICATE_ID, again.outcomes().get(0).kind());
            assertEquals(
                    InputOutcome.Kind.PERMANENT_FAILURE, again.outcomes().get(1).kind());
            assertEquals(
                    StatusCodes.INPUT_DUPLICATE,
                    again.outcomes().get(1).status().code());
        }
    }

    @Test
    void addInputs_breakingALimit_failsBeforeSending() {
        try (InputsClient client = client(PathForm.APP_KEY)) {
            List<NewInput> tooMany = IntStream.range(0, 129)
                    .mapToObj(i -> NewInput.fromUrl("i" + i, SAMPLE))
                    .toList();
            byte[] tooLarge = new byte[(int) InputsClient.MAX_IMAGE_BYTES];

            IllegalArgumentException count =
                    assertThrows(IllegalArgumentException.class, () -> client.addInputs(tooMany, seconds(5)));
            IllegalArgumentException id = assertThrows(
                    IllegalArgumentException.class,
                    () -> client.addInputs(List.of(NewInput.fromUrl("a/b.jpg", SAMPLE)), seconds(5)));
            IllegalArgumentException longId = assertThrows(
                    IllegalArgumentException.class,
                    () -> client.addInputs(List.of(NewInput.fromUrl("x".repeat(49), SAMPLE)), seconds(5)));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> client.addInputs(List.of(NewInput.fromBytes("big", tooLarge)), seconds(5)));

            assertTrue(count.getMessage().contains("128"), count.getMessage());
            assertTrue(id.getMessage().contains("a/b.jpg"), id.getMessage());
            assertTrue(longId.getMessage().contains("48"), longId.getMessage());
            assertTrue(client.streamInputs(null, 10, false, seconds(5)).isEmpty(), "nothing reached the server");
        }
    }

    @Test
    void retryableFailures_serverErrorsThrottlingAndDroppedConnections_areRetriedUntilAccepted() {
        try (InputsClient client = client(PathForm.USER_APP)) {
            api.faults().failNextRequests(2, 503, StatusCodes.RPC_SERVER_UNAVAILABLE);
            AddInputsResult afterErrors = client.addInputs(List.of(NewInput.fromUrl("r1", SAMPLE)), seconds(10));
            api.faults().throttleNextRequests(3);
            AddInputsResult afterThrottling =
                    client.addInputs(List.of(NewInput.fromUrl("r2", SAMPLE).withAllowDuplicateUrl(true)), seconds(10));
            api.faults().dropNextConnections(1);
            Optional<Input> afterDrop = client.getInput("r1", seconds(10));

            assertTrue(afterErrors.outcomes().get(0).accepted());
            assertTrue(afterThrottling.outcomes().get(0).accepted());
            assertTrue(afterDrop.isPresent());
        }
    }

    @Test
    void mixedStatus_resendsOnlyTheInputsThatFailedForAPassingReason() {
        try (InputsClient client = client(PathForm.APP_KEY)) {
            api.faults().failFirstInputsOfEachAdd(1, StatusCodes.RPC_SERVER_UNAVAILABLE);
            List<NewInput> inputs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                inputs.add(NewInput.fromUrl("m" + i, SAMPLE).withAllowDuplicateUrl(true));
            }

            // The failing input is re-sent until the deadline ends the call; the deadline must still leave room for
            // the first round trip on a loaded machine (3 s did not).
            AddInputsResult result = client.addInputs(inputs, Deadline.after(Duration.ofSeconds(8)));

            assertEquals(
                    InputOutcome.Kind.RETRYABLE_FAILURE,
                    result.outcomes().get(0).kind());
            // Re-sending the whole add would have turned these into duplicate ids.
            for (int i = 1; i < 4; i++) {
                assertEquals(
                        InputOutcome.Kind.ACCEPTED, result.outcomes().get(i).kind());
            }
            api.faults().clear();
            api.faults().failFirstInputsOfEachAdd(1, StatusCodes.ALL_INPUT_INVALID_BYTES);
            AddInputsResult permanent =
                    client.addInputs(List.of(NewInput.fromUrl("m9", SAMPLE).withAllowDuplicateUrl(true)), seconds(5));
            assertEquals(
                    InputOutcome.Kind.PERMANENT_FAILURE,
                    permanent.outcomes().get(0).kind());
        }
    }

    @Test
    void failures_thatOutlastTheDeadlineAreRetryable_authFailuresArePermanentAndNeverShowTheKey() {
        try (InputsClient client = client(PathForm.APP_KEY);
                InputsClient wrongKey = InputsClient.builder()
                        .baseUrl(api.baseUrl())
                        .pathForm(PathForm.APP_KEY)
                        .apiKey(ApiKey.of("not-the-key-s3cr3t"))
                        .retryPolicy(FAST)
                        .build()) {
            api.faults().failNextRequests(1000, 500, 98004);
            InputsApiException exhausted = assertThrows(
                    InputsApiException.class, () -> client.getInputCounts(Deadline.after(Duration.ofSeconds(3))));
            api.faults().clear();
            api.faults().throttleNextRequests(1000);
            InputsApiException throttled = assertThrows(
                    InputsApiException.class, () -> client.getInputCounts(Deadline.after(Duration.ofSeconds(3))));
            api.faults().clear();
            InputsApiException denied =
                    assertThrows(InputsApiException.class, () -> wrongKey.getInputCounts(seconds(5)));

            assertTrue(exhausted.retryable());
            assertEquals(500, exhausted.httpStatus());
            assertTrue(throttled.retryable());
            assertEquals(StatusCodes.CONN_THROTTLED, throttled.code());
            assertFalse(denied.retryable());
            assertEquals(401, denied.httpStatus());
            assertEquals(StatusCodes.CONN_KEY_INVALID, denied.code());
            assertFalse(denied.getMessage().contains("s3cr3t"), denied.getMessage());
            assertFalse(wrongKey.toString().contains("s3cr3t"));
            assertEquals("ApiKey[****]", ApiKey.of("not-the-key-s3cr3t").toString());
        }
    }
}

package io.github.clarifais3sync.local.inputsapi.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.local.inputsapi.LocalInputsApi;
import io.github.clarifais3sync.local.inputsapi.RequestKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clarifai's Python SDK (clarifai 12.5.0) pointed at the twin's gRPC endpoint with {@code base_url}. The SDK waits a
 * fixed 5 s after a throttled or unavailable reply, so each refusal is injected once.
 */
class PythonSdkTest {
    private static final String USER = "sdk-user";
    private static final String APP = "sdk-app";
    private static LocalInputsApi api;
    private static LocalInputsGrpcServer grpc;

    @BeforeAll
    static void start() {
        api = LocalInputsApi.builder()
                .personalAccessToken("sdk-pat", USER)
                .processingDelay(Duration.ofMillis(20))
                .deleteDelay(Duration.ofMillis(20))
                .rateLimit(0)
                .build()
                .start();
        grpc = LocalInputsGrpcServer.builder(api).build().start();
    }

    @AfterAll
    static void stop() {
        grpc.close();
        api.close();
    }

    @BeforeEach
    void reset() {
        api.reset();
    }

    private static JsonNode run(String scenario) throws Exception {
        return PythonScenario.run(
                "sdk_scenarios.py",
                scenario,
                Map.of("CLARIFAI_API_BASE", grpc.baseUrl(), "TWIN_KEY", "sdk-pat", "TWIN_USER", USER, "TWIN_APP", APP));
    }

    private static List<JsonNode> stored() {
        return api.inputs(USER, APP);
    }

    @Test
    void uploadFromFolderLabelsEveryImageAndTheListerPagesPastOnePage() throws Exception {
        JsonNode seen = run("folder");

        assertEquals(130, stored().size());
        for (JsonNode input : stored()) {
            assertEquals("cats", input.at("/data/concepts/0/id").asText(), input.toString());
            assertEquals(1.0, input.at("/data/concepts/0/value").asDouble());
            assertEquals("pets", input.at("/dataset_ids/0").asText(), input.toString());
            assertEquals(30000, input.at("/status/code").asInt());
        }
        // Two batches of at most 128, each polled through GetInputsAddJob; the lister reads 128, 2, then an empty page.
        assertEquals(2, api.requests(RequestKind.ADD));
        assertEquals(130, seen.get("listed").asInt());
        assertEquals(130, seen.get("distinct").asInt());
        assertEquals("[\"cats\"]", seen.get("labels").toString());
        assertTrue(api.requests(RequestKind.LIST) >= 3, "the lister asked for page after page");
    }

    @Test
    void uploadPatchDeleteAndListFromTheSdk() throws Exception {
        JsonNode seen = run("crud");

        assertEquals("[\"url-1\"]", seen.get("listed").toString());
        JsonNode input = stored().get(0);
        assertEquals("url-1", input.get("id").asText());
        assertTrue(input.toString().contains("\"animal\"") && input.toString().contains("\"dog\""), input.toString());
    }

    @Test
    void theSdkRidesOutOneThrottledAndOneDroppedCall() throws Exception {
        api.faults().throttleNextRequests(1);
        api.faults().dropNextConnections(1);

        JsonNode seen = run("listing");

        assertEquals(0, seen.get("listed").asInt());
        assertEquals(1, api.faults().injected().throttledRequests());
        assertEquals(1, api.faults().injected().droppedConnections());
    }

    @Test
    void aWrongKeyMakesTheSdkRaise() throws Exception {
        JsonNode seen = run("wrong_key");

        assertTrue(seen.get("raised").asBoolean());
        assertTrue(
                seen.get("message").asText().contains("11008")
                        || seen.get("message").asText().contains("CONN_KEY_INVALID"),
                seen.get("message").asText());
    }
}

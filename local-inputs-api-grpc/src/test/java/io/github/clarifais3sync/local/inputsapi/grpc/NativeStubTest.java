package io.github.clarifais3sync.local.inputsapi.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.local.inputsapi.LocalInputsApi;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** clarifai-grpc 12.6.0's own stub (V2Stub on an insecure channel) against the twin's gRPC endpoint. */
class NativeStubTest {
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static LocalInputsApi api;
    private static LocalInputsGrpcServer grpc;

    @BeforeAll
    static void start() {
        api = LocalInputsApi.builder()
                .apiKey("stub-key", "stub-user", "stub-app")
                .personalAccessToken("stub-pat", "stub-user")
                .processingDelay(Duration.ofMillis(20))
                .deleteDelay(Duration.ofMillis(20))
                .rateLimit(0)
                .build()
                .start();
        grpc = LocalInputsGrpcServer.builder(api)
                .maxMessageBytes(MAX_MESSAGE_BYTES)
                .build()
                .start();
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
        Map<String, String> environment = new HashMap<>(Map.of(
                "TWIN_GRPC_PORT",
                Integer.toString(grpc.port()),
                "TWIN_KEY",
                "stub-key",
                "TWIN_USER",
                "stub-user",
                "TWIN_APP",
                "stub-app",
                "TWIN_PAT",
                "stub-pat",
                "TWIN_OVERSIZE_BYTES",
                Integer.toString(2 * MAX_MESSAGE_BYTES)));
        return PythonScenario.run("native_stub_scenarios.py", scenario, environment);
    }

    @Test
    void everyInputsMethodWorksThroughTheRestHandling() throws Exception {
        JsonNode seen = run("crud");

        assertEquals("SUCCESS", seen.get("post").asText());
        assertEquals("SUCCESS", seen.get("job").asText());
        assertEquals(3, seen.get("job_successful").asInt());
        assertEquals("SUCCESS", seen.get("get").asText());
        assertEquals("INPUT_SUCCESS", seen.get("get_status").asText());
        // proto3 drops a 0, so "not water" only survives if the endpoint writes the value out.
        assertEquals(0.0, seen.get("get_concepts").get("water").asDouble());
        assertEquals(1.0, seen.get("get_concepts").get("train").asDouble());
        assertEquals(
                "[[\"in-2\"],[\"in-1\"],[\"in-0\"],[]]", seen.get("list_pages").toString());
        assertEquals("[\"in-0\",\"in-1\"]", seen.get("stream").toString());
        assertEquals(3, seen.get("count_processed").asInt());
        assertEquals("SUCCESS", seen.get("patch").asText());
        assertEquals("SUCCESS", seen.get("delete_one").asText());
        assertEquals("SUCCESS", seen.get("delete_many").asText());
        assertTrue(
                api.inputs("stub-user", "stub-app").stream()
                        .anyMatch(input -> input.get("id").asText().equals("in-1")
                                && input.toString().contains("\"platform\"")),
                "the patch reached the twin's state");
        assertEquals(1, api.requests("POST"));
        assertEquals(1, api.requests("PATCH"));
        assertEquals(2, api.requests("DELETE"));
    }

    @Test
    void theShortFormUsesTheKeysAppAndAPersonalAccessTokenNeedsTheApp() throws Exception {
        JsonNode shortForm = run("short_form");
        assertEquals("SUCCESS", shortForm.get("list").asText());
        assertEquals("CONN_DOES_NOT_EXIST", shortForm.get("get_unknown").asText());

        JsonNode pat = run("pat_without_app");
        assertEquals("CONN_INVALID_REQUEST", pat.get("list").asText());
        assertTrue(pat.get("details").asText().contains("/v2/users/{user_id}/apps/{app_id}"));
    }

    @Test
    void aWrongOrMissingKeyIsRefusedInTheReplysStatus() throws Exception {
        JsonNode seen = run("wrong_key");
        assertEquals("CONN_KEY_INVALID", seen.get("wrong").asText());
        assertEquals("CONN_KEY_NOT_FOUND", seen.get("missing").asText());
    }

    @Test
    void throttlingIsAnOkReplyCarryingConnThrottled() throws Exception {
        api.faults().throttleNextRequests(1);
        JsonNode seen = run("throttled");
        assertEquals("CONN_THROTTLED", seen.get("count").asText());
        assertTrue(seen.get("details").asText().contains("requests per second"));
        assertEquals(1, api.faults().injected().throttledRequests());
    }

    @Test
    void faultsAndBadInputGetTheirAnswersAndTheServerKeepsServing() throws Exception {
        // clarifai-grpc's channel retries UNAVAILABLE up to 5 attempts: drop them all to see the error.
        api.faults().dropNextConnections(5);
        JsonNode seen = run("faults_and_bad_input");

        assertEquals("UNAVAILABLE", seen.get("dropped").get("code").asText());
        assertEquals(5, api.faults().injected().droppedConnections());
        assertEquals("INTERNAL", seen.get("malformed").get("code").asText());
        assertEquals("UNIMPLEMENTED", seen.get("unknown_method").get("code").asText());
        assertTrue(seen.get("unknown_method").get("details").asText().contains("clarifai.api.V2/NoSuchMethod"));
        assertEquals("UNIMPLEMENTED", seen.get("unimplemented").get("code").asText());
        assertTrue(seen.get("unimplemented").get("details").asText().contains("clarifai.api.V2/GetApp"));
        assertEquals("RESOURCE_EXHAUSTED", seen.get("oversized").get("code").asText());
        for (String after : List.of("after_drop", "after_malformed", "after_oversized")) {
            assertEquals("SUCCESS", seen.get(after).asText(), after);
        }
        assertTrue(api.inputs("stub-user", "stub-app").isEmpty(), "nothing malformed or oversized was stored");
    }
}

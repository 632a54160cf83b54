package io.github.clarifais3sync.local.inputsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests counted by what they do, in both path forms, faulted ones included; in-process reads are not counted. */
class RequestCountingTest extends LocalApiTestBase {
    private static final String APP_PATH =
            "/v2/users/" + LocalInputsApi.DEFAULT_USER_ID + "/apps/" + LocalInputsApi.DEFAULT_APP_ID + "/inputs";

    @Test
    void eachRequestIsCountedByKind() {
        Map<RequestKind, Long> before = counts();
        client.addUrl("one", "https://samples.clarifai.com/1.jpg");
        client.post(APP_PATH, """
                {"inputs": [{"id": "two", "data": {"image": {"url": "https://samples.clarifai.com/2.jpg"}}}]}""");
        client.get("/v2/inputs/one");
        client.get(APP_PATH + "?per_page=10");
        client.get("/v2/inputs/stream");
        client.get(APP_PATH + "?ids=one&ids=two");
        client.get("/v2/inputs/status");
        client.patch("/v2/inputs", """
                {"action": "merge", "inputs": [{"id": "one", "data": {"metadata": {"k": "v"}}}]}""");
        client.delete(APP_PATH + "/one", null);
        client.delete("/v2/inputs", "{\"ids\": [\"two\"]}");
        api.faults().throttleNextRequests(1);
        client.get("/v2/inputs/two");
        api.inputs(LocalInputsApi.DEFAULT_USER_ID, LocalInputsApi.DEFAULT_APP_ID);

        Map<RequestKind, Long> spent = new EnumMap<>(RequestKind.class);
        counts().forEach((kind, count) -> spent.put(kind, count - before.get(kind)));
        assertEquals(
                Map.of(
                        RequestKind.ADD,
                        2L,
                        RequestKind.GET,
                        2L,
                        RequestKind.LIST,
                        2L,
                        RequestKind.STATUS,
                        2L,
                        RequestKind.PATCH,
                        1L,
                        RequestKind.DELETE_ONE,
                        1L,
                        RequestKind.DELETE_BATCH,
                        1L,
                        RequestKind.OTHER,
                        0L),
                spent);
    }

    @Test
    void eachRequestIsCountedByHowItWasAnswered() {
        try (LocalInputsApi own = LocalInputsApi.builder()
                .processingDelay(Duration.ZERO)
                .rateLimit(0)
                .build()
                .start()) {
            ApiTestClient ownClient = new ApiTestClient(own.baseUrl(), LocalInputsApi.DEFAULT_API_KEY);
            ownClient.addUrl("one", "https://samples.clarifai.com/1.jpg");
            ownClient.delete("/v2/inputs", "{\"ids\": [\"one\", \"never\"]}");
            own.faults().throttleNextRequests(1);
            ownClient.delete("/v2/inputs", "{\"ids\": [\"one\"]}");
            ownClient.delete("/v2/inputs", "{\"ids\": [\"one\"]}");
            ownClient.delete("/v2/inputs/never", null);

            assertEquals(Map.of("200", 1L, "404", 1L, "429", 1L), own.answers().get(RequestKind.DELETE_BATCH));
            assertEquals(Map.of("404", 1L), own.answers().get(RequestKind.DELETE_ONE));
            JsonNode reported = ownClient.get("/_local/requests").body().path("requests");
            assertEquals(3, reported.path("delete-batch").path("total").asLong());
            assertEquals(1, reported.path("delete-batch").path("404").asLong());
            assertEquals(1, reported.path("add").path("200").asLong());
        }
    }

    @Test
    void busyInputsCountProcessingAndDeletingOnes() {
        client.addUrl("one", "https://samples.clarifai.com/1.jpg");
        client.awaitFinalStatus("one");
        assertEquals(0, api.busyInputs(LocalInputsApi.DEFAULT_USER_ID, LocalInputsApi.DEFAULT_APP_ID));
        assertEquals(
                1,
                api.inputs(LocalInputsApi.DEFAULT_USER_ID, LocalInputsApi.DEFAULT_APP_ID)
                        .size());
    }

    private static Map<RequestKind, Long> counts() {
        Map<RequestKind, Long> counts = new EnumMap<>(RequestKind.class);
        for (RequestKind kind : RequestKind.values()) {
            counts.put(kind, api.requests(kind));
        }
        return counts;
    }
}

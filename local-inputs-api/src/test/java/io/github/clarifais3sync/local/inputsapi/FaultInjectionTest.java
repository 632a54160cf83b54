package io.github.clarifais3sync.local.inputsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every fault kind, from Java and through {@code /_local/faults}; counted faults are exact. */
class FaultInjectionTest extends LocalApiTestBase {
    private static final String TWO_INPUTS = """
            {"inputs": [{"id": "first", "data": {"image": {"url": "https://samples.clarifai.com/1.jpg"}}},
                        {"id": "second", "data": {"image": {"url": "https://samples.clarifai.com/2.jpg"}}}]}""";
    private static ApiTestClient admin;

    @BeforeAll
    static void startAdminClient() {
        admin = new ApiTestClient(api.baseUrl(), LocalInputsApi.DEFAULT_API_KEY);
    }

    @Test
    void nextRequestsAnswerTheChosenServerError() {
        api.faults().failNextRequests(2, 503, 40031);
        for (int i = 0; i < 2; i++) {
            ApiTestClient.Response failed = client.get("/v2/inputs");
            assertEquals(503, failed.httpStatus());
            assertEquals(40031, failed.code());
            assertTrue(failed.body().path("status").path("req_id").isTextual());
        }
        assertEquals(200, client.get("/v2/inputs").httpStatus());

        api.faults().failNextRequests(1, 500, 98004);
        ApiTestClient.Response internal = client.get("/v2/inputs");
        assertEquals(500, internal.httpStatus());
        assertEquals(98004, internal.code());
    }

    @Test
    void throttlingBurstsAnswer429() {
        api.faults().throttleNextRequests(3);
        for (int i = 0; i < 3; i++) {
            ApiTestClient.Response throttled = client.get("/v2/inputs");
            assertEquals(429, throttled.httpStatus());
            assertEquals(11005, throttled.code());
        }
        assertEquals(200, client.get("/v2/inputs").httpStatus());
    }

    /** A POST: java.net.http silently retries an idempotent GET once when its connection closes. */
    @Test
    void droppedConnectionsGetNoResponse() {
        api.faults().dropNextConnections(1);
        assertThrows(IOException.class, () -> client.sendOrThrow("POST", "/v2/inputs", TWO_INPUTS));
        assertEquals(404, client.get("/v2/inputs/first").httpStatus(), "a dropped request is not handled");
        assertEquals(200, client.post("/v2/inputs", TWO_INPUTS).httpStatus());
    }

    @Test
    void latencyDelaysEveryRequest() {
        api.faults().latency(Duration.ofMillis(150));
        long started = System.nanoTime();
        assertEquals(200, client.get("/v2/inputs").httpStatus());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 150);
    }

    @Test
    void firstInputsOfEachAddFailSoTheAddIsMixed() {
        api.faults().failFirstInputsOfEachAdd(1, 40031);
        ApiTestClient.Response mixed = client.post("/v2/inputs", TWO_INPUTS);
        assertEquals(207, mixed.httpStatus());
        assertEquals(10010, mixed.code());
        assertEquals(40031, mixed.inputCode(0));
        assertEquals(30001, mixed.inputCode(1));
        assertEquals(404, client.get("/v2/inputs/first").httpStatus(), "a failed input is not stored");

        api.faults().clear();
        ApiTestClient.Response retried = client.post("/v2/inputs", """
                {"inputs": [{"id": "first", "data": {"image": {"url": "https://samples.clarifai.com/1.jpg"}}}]}""");
        assertEquals(10000, retried.code());
    }

    @Test
    void inputFailureRateOfOneFailsEveryInput() {
        api.faults().failInputsAtRate(1.0, 30300);
        ApiTestClient.Response failed = client.post("/v2/inputs", TWO_INPUTS);
        assertEquals(400, failed.httpStatus());
        assertEquals(10020, failed.code());
        assertEquals(30300, failed.inputCode(1));
    }

    @Test
    void requestRatesWithASeedAreReproducible() {
        api.faults().failRequestsAtRate(1.0, 502, 40031);
        assertEquals(502, client.get("/v2/inputs").httpStatus());
        api.faults().clear().throttleRequestsAtRate(1.0);
        assertEquals(429, client.get("/v2/inputs").httpStatus());
        api.faults().clear().dropConnectionsAtRate(1.0);
        assertThrows(IOException.class, () -> client.sendOrThrow("GET", "/v2/inputs", null));
    }

    @Test
    void adminEndpointSwitchesFaultsAtRunTime() {
        ApiTestClient.Response set = admin.post("/_local/faults", """
                {"fail_next_requests": {"count": 1, "http_status": 503, "code": 40031},
                 "throttle_next_requests": 1, "fail_first_inputs": {"count": 1, "code": 40031}}""");
        assertEquals(200, set.httpStatus());
        assertEquals(
                1,
                set.body()
                        .path("faults")
                        .path("fail_next_requests")
                        .path("count")
                        .asInt());

        assertEquals(503, client.get("/v2/inputs").httpStatus());
        assertEquals(429, client.get("/v2/inputs").httpStatus());
        assertEquals(10010, client.post("/v2/inputs", TWO_INPUTS).code());

        assertEquals(200, admin.delete("/_local/faults", null).httpStatus());
        assertEquals(
                0,
                admin.get("/_local/faults")
                        .body()
                        .path("faults")
                        .path("fail_first_inputs")
                        .path("count")
                        .asInt());
        assertEquals(400, admin.post("/_local/faults", "{\"throttle_rate\": 2}").httpStatus());
    }

    /** A web page in the user's browser can send these requests, but not the key. */
    @Test
    void adminEndpointsNeedTheKey() {
        client.addUrl("kept", "https://samples.clarifai.com/k.jpg");
        api.faults().throttleNextRequests(1);
        ApiTestClient anonymous = ApiTestClient.withAuthorizationHeader(api.baseUrl(), null);
        ApiTestClient wrongKey = new ApiTestClient(api.baseUrl(), "not-the-key");
        for (ApiTestClient stranger : new ApiTestClient[] {anonymous, wrongKey}) {
            assertEquals(401, stranger.post("/_local/reset", "").httpStatus());
            assertEquals(401, stranger.delete("/_local/faults", null).httpStatus());
            assertEquals(
                    401,
                    stranger.post("/_local/faults", "{\"throttle_next_requests\": 5}")
                            .httpStatus());
            assertEquals(401, stranger.get("/_local/faults").httpStatus());
            assertEquals(401, stranger.get("/_local/anything").httpStatus());
        }
        assertEquals(11009, anonymous.post("/_local/reset", "").code());
        assertEquals(
                1,
                admin.get("/_local/faults")
                        .body()
                        .path("faults")
                        .path("throttle_next_requests")
                        .asInt());
        api.faults().clear();
        assertEquals(200, client.get("/v2/inputs/kept").httpStatus(), "nothing was reset");
    }

    @Test
    void adminResetEmptiesTheApps() {
        client.addUrl("kept", "https://samples.clarifai.com/k.jpg");
        assertEquals(200, admin.post("/_local/reset", "").httpStatus());
        assertEquals(404, client.get("/v2/inputs/kept").httpStatus());
    }
}

package io.github.clarifais3sync.local.inputsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What PostInputs refuses at once, per input or for the whole request
 * (https://docs.clarifai.com/create-manage/inputs/upload, docs/clarifai-api-notes.md#codes,
 * docs/clarifai-api-notes.md#limits).
 */
class RejectionTest extends LocalApiTestBase {
    private static final String SAMPLE = "https://samples.clarifai.com/metro-north.jpg";

    @Test
    void moreThan128InputsRefuseTheWholeRequest() {
        String inputs = IntStream.range(0, 129)
                .mapToObj(i -> "{\"id\": \"i%d\", \"data\": {\"image\": {\"url\": \"%s?%d\"}}}".formatted(i, SAMPLE, i))
                .collect(Collectors.joining(","));
        ApiTestClient.Response response = client.post("/v2/inputs", "{\"inputs\": [" + inputs + "]}");
        assertEquals(400, response.httpStatus());
        assertEquals(39999, response.code());
        assertFalse(response.body().has("inputs"));
        assertEquals(0, client.get("/v2/inputs").body().path("inputs").size());
    }

    @Test
    void badIdsFailPerInput() {
        ApiTestClient.Response response = client.post(
                "/v2/inputs", """
                {"inputs": [
                  {"id": "%s", "data": {"image": {"url": "%s?a"}}},
                  {"id": "{id1}", "data": {"image": {"url": "%s?b"}}},
                  {"id": "a--b", "data": {"image": {"url": "%s?c"}}},
                  {"id": "%s", "data": {"image": {"url": "%s?d"}}}
                ]}""".formatted("x".repeat(49), SAMPLE, SAMPLE, SAMPLE, "x".repeat(48), SAMPLE));
        assertEquals(207, response.httpStatus());
        assertEquals(10010, response.code());
        assertEquals(39999, response.inputCode(0));
        assertEquals(
                "id must be between 1 and 48 characters long",
                response.input(0).path("status").path("details").asText());
        assertEquals(39999, response.inputCode(1));
        assertEquals(39999, response.inputCode(2));
        assertEquals(30001, response.inputCode(3));
    }

    @Test
    void duplicateIdsFailWithTheSdkRecognisedDetails() {
        client.addUrl("taken", SAMPLE);
        ApiTestClient.Response response = client.post("/v2/inputs", """
                {"inputs": [
                  {"id": "taken", "data": {"image": {"url": "%s", "allow_duplicate_url": true}}},
                  {"id": "twice", "data": {"image": {"url": "%s", "allow_duplicate_url": true}}},
                  {"id": "twice", "data": {"image": {"url": "%s", "allow_duplicate_url": true}}}
                ]}""".formatted(SAMPLE, SAMPLE, SAMPLE));
        assertEquals(207, response.httpStatus());
        assertEquals(40010, response.inputCode(0));
        assertEquals(
                "Input has a duplicate ID.",
                response.input(0).path("status").path("details").asText());
        assertEquals(30001, response.inputCode(1));
        assertEquals(40010, response.inputCode(2));
        assertEquals(
                "Input has a duplicate ID.",
                response.input(2).path("status").path("details").asText());
    }

    @Test
    void suffixConflictResolutionRenamesTakenIds() {
        client.addUrl("photo", SAMPLE);
        ApiTestClient.Response response = client.post("/v2/inputs", """
                {"inputs": [{"id": "photo", "data": {"image": {"url": "%s", "allow_duplicate_url": true}}}],
                 "input_id_conflict_resolution": "SUFFIX"}""".formatted(SAMPLE));
        assertEquals(10000, response.code());
        assertEquals("photo-1", response.input(0).path("id").asText());
    }

    @Test
    void suffixConflictResolutionStillRefusesTheSameIdTwiceInOneRequest() {
        ApiTestClient.Response response = client.post("/v2/inputs", """
                {"inputs": [{"id": "twice", "data": {"image": {"url": "%s", "allow_duplicate_url": true}}},
                            {"id": "twice", "data": {"image": {"url": "%s", "allow_duplicate_url": true}}}],
                 "input_id_conflict_resolution": "SUFFIX"}""".formatted(SAMPLE, SAMPLE));
        assertEquals(207, response.httpStatus());
        assertEquals("twice", response.input(0).path("id").asText());
        assertEquals(40010, response.inputCode(1));
        assertEquals(
                "Input has a duplicate ID.",
                response.input(1).path("status").path("details").asText());
    }

    @Test
    void duplicateUrlFailsUnlessAllowed() {
        client.post("/v2/inputs", "{\"inputs\": [{\"data\": {\"image\": {\"url\": \"%s\"}}}]}".formatted(SAMPLE));
        ApiTestClient.Response response = client.post("/v2/inputs", """
                {"inputs": [
                  {"data": {"image": {"url": "%s"}}},
                  {"data": {"image": {"url": "%s", "allow_duplicate_url": true}}}
                ]}""".formatted(SAMPLE, SAMPLE));
        assertEquals(207, response.httpStatus());
        assertEquals(30100, response.inputCode(0));
        assertEquals(30001, response.inputCode(1));
    }

    @Test
    void allInputsFailingIsFailureWith400() {
        ApiTestClient.Response response = client.post("/v2/inputs", """
                {"inputs": [{"id": "a b", "data": {"image": {"url": "%s"}}}, {"data": {}}]}""".formatted(SAMPLE));
        assertEquals(400, response.httpStatus());
        assertEquals(10020, response.code());
        assertEquals(
                "Failure", response.body().path("status").path("description").asText());
        assertEquals(2, response.body().path("inputs").size());
        assertEquals(30104, response.inputCode(1));
    }

    @Test
    void invalidUrlFailsPerInput() {
        ApiTestClient.Response response = client.post("/v2/inputs", """
                {"inputs": [{"data": {"image": {"url": "ftp://example.com/a.jpg"}}}]}""");
        assertEquals(30106, response.inputCode(0));
    }

    @Test
    void malformedJsonIsBadRequestFormat() {
        ApiTestClient.Response response = client.post("/v2/inputs", "{\"inputs\": [");
        assertEquals(400, response.httpStatus());
        assertEquals(11100, response.code());
        assertTrue(response.body().path("status").path("req_id").isTextual());
    }

    @Test
    void unknownRequestFieldsAndWrongTypesAreBadRequestFormat() {
        ApiTestClient.Response unknown = client.post("/v2/inputs", "{\"inputz\": []}");
        assertEquals(11100, unknown.code());
        assertTrue(unknown.details().contains("inputz"));
        ApiTestClient.Response metadata = client.post("/v2/inputs", """
                {"inputs": [{"data": {"image": {"url": "%s"}, "metadata": [1]}}]}""".formatted(SAMPLE));
        assertEquals(11100, metadata.code());
    }

    @Test
    void conceptValuesMayBeNumbersOrBooleansAndMetadataAnyObject() {
        ApiTestClient.Response response = client.post("/v2/inputs", """
                {"inputs": [{"id": "c", "data": {"image": {"url": "%s"},
                  "concepts": [{"id": "yes", "value": true}, {"id": "no", "value": 0}, {"id": "default"}],
                  "metadata": {"nested": {"list": [1, "two", null]}, "flag": false}}}],
                 "inputs_add_job_id": "job-1"}""".formatted(SAMPLE));
        assertEquals(10000, response.code());
        var concepts = response.input(0).path("data").path("concepts");
        assertEquals(1, concepts.path(0).path("value").asInt());
        assertEquals(0, concepts.path(1).path("value").asInt());
        assertTrue(concepts.path(1).has("value"), "Concept.value is shown even when 0");
        assertEquals(1, concepts.path(2).path("value").asInt());
        assertEquals(
                "two",
                response.input(0)
                        .path("data")
                        .path("metadata")
                        .path("nested")
                        .path("list")
                        .path(1)
                        .asText());
        assertEquals("job-1", response.body().path("inputs_add_job").path("id").asText());
        client.awaitFinalStatus("c");
        var job = client.get("/v2/inputs/jobs/add/job-1")
                .body()
                .path("inputs_add_job")
                .path("progress");
        assertEquals("1", job.path("success_count").asText());
    }

    /** The JDK's HTTP server alone answers a target that is not a URI with an HTML page. */
    @Test
    void malformedPercentEscapesAreRefusedAndTheServerKeepsServing() throws Exception {
        // The JDK's HTTP server refuses a request target it cannot parse (400, its own plain page) before any handler.
        String get = "GET %s HTTP/1.1\r\nHost: localhost\r\nAuthorization: Key " + LocalInputsApi.DEFAULT_API_KEY
                + "\r\n\r\n";
        for (String target : new String[] {"/v2/inputs/a%zz", "/v2/inputs?ids=%"}) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", api.port())) {
                socket.getOutputStream().write(get.formatted(target).getBytes(StandardCharsets.US_ASCII));
                String statusLine = new java.io.BufferedReader(
                                new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                assertTrue(statusLine != null && statusLine.startsWith("HTTP/1.1 400"), target + ": " + statusLine);
            }
        }
        assertEquals(10000, client.get("/v2/inputs").code(), "the next request is answered");
    }

    @Test
    void unknownPathsAndMethodsAnswerWithStatus() {
        assertEquals(11101, client.get("/v2/models").code());
        assertEquals(404, client.get("/v2/models").httpStatus());
        ApiTestClient.Response method = client.send("PUT", "/v2/inputs", "{}");
        assertEquals(405, method.httpStatus());
        assertEquals(11103, method.code());
    }
}

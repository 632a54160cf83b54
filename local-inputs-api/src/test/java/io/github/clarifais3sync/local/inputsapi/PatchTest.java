package io.github.clarifais3sync.local.inputsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PatchInputs' merge, remove and overwrite on concepts and metadata
 * (https://docs.clarifai.com/api-guide/advanced-topics/patching).
 */
class PatchTest extends LocalApiTestBase {

    @BeforeEach
    void oneInput() {
        client.post("/v2/inputs", """
                {"inputs": [{"id": "in", "data": {"image": {"url": "https://samples.clarifai.com/p.jpg"},
                  "concepts": [{"id": "dog", "value": 1}, {"id": "cat", "value": 0}],
                  "metadata": {"s3": {"bucket": "b", "key": "k"}, "size": 1, "tags": ["x"],
                               "parts": [{"id": "p1", "w": 1}]}}}]}""");
        client.awaitFinalStatus("in");
    }

    @Test
    void mergeDeepMergesMetadataAndMergesConceptsById() {
        JsonNode input = patch("merge", """
                "concepts": [{"id": "cat", "value": 1}, {"id": "bird"}],
                "metadata": {"s3": {"etag": "e"}, "size": 2, "tags": ["y"], "parts": [{"id": "p1", "h": 2}, {"id": "p2"}]}""");
        assertEquals("[dog:1, cat:1, bird:1]", concepts(input));
        assertEquals(
                ApiTestClient.JSON.valueToTree(java.util.Map.of(
                        "s3",
                        java.util.Map.of("bucket", "b", "key", "k", "etag", "e"),
                        "size",
                        2,
                        "tags",
                        java.util.List.of("y"),
                        "parts",
                        java.util.List.of(java.util.Map.of("id", "p1", "w", 1, "h", 2), java.util.Map.of("id", "p2")))),
                input.path("data").path("metadata"));
    }

    @Test
    void removeDropsConceptsByIdAndMetadataKeysMarkedTrue() {
        JsonNode input = patch("remove", """
                "concepts": [{"id": "dog"}], "metadata": {"s3": {"key": true}, "size": true, "parts": [{"id": "p1"}]}""");
        assertEquals("[cat:0]", concepts(input));
        assertEquals(
                "{\"s3\":{\"bucket\":\"b\"},\"tags\":[\"x\"],\"parts\":[]}",
                input.path("data").path("metadata").toString());
    }

    @Test
    void overwriteReplacesConceptsAndMetadata() {
        JsonNode input = patch("overwrite", """
                "concepts": [{"id": "fish", "value": true}], "metadata": {"only": "this"}""");
        assertEquals("[fish:1]", concepts(input));
        assertEquals("{\"only\":\"this\"}", input.path("data").path("metadata").toString());
        assertEquals(
                "https://samples.clarifai.com/p.jpg",
                input.path("data").path("image").path("url").asText());
    }

    @Test
    void unknownInputFailsThatInputOnly() {
        ApiTestClient.Response response = client.patch("/v2/inputs", """
                {"action": "merge", "inputs": [{"id": "in", "data": {"concepts": [{"id": "x"}]}},
                                               {"id": "ghost", "data": {"concepts": [{"id": "x"}]}}]}""");
        assertEquals(207, response.httpStatus());
        assertEquals(10010, response.code());
        assertEquals(30200, response.inputCode(0));
        assertEquals(30102, response.inputCode(1));
    }

    @Test
    void unknownActionIsRefused() {
        ApiTestClient.Response response = client.patch("/v2/inputs", """
                {"action": "replace", "inputs": [{"id": "in", "data": {}}]}""");
        assertEquals(400, response.httpStatus());
        assertEquals(39999, response.code());
    }

    @Test
    void overwriteOf128InputsIsOneRequestAndEachInputGetsItsOwnConcepts() {
        StringBuilder adds = new StringBuilder();
        StringBuilder patches = new StringBuilder();
        for (int i = 0; i < 128; i++) {
            adds.append(i == 0 ? "" : ",").append("""
                    {"id": "many-%d", "data": {"image": {"url": "https://samples.clarifai.com/p.jpg",
                      "allow_duplicate_url": true}, "concepts": [{"id": "old", "value": 1}]}}""".formatted(i));
            patches.append(i == 0 ? "" : ",").append("""
                    {"id": "many-%d", "data": {"concepts": [{"id": "c%d", "value": %d}]}}""".formatted(i, i, i % 2));
        }
        assertEquals(
                10000, client.post("/v2/inputs", "{\"inputs\": [" + adds + "]}").code());
        long before = api.requests("PATCH");

        ApiTestClient.Response response =
                client.patch("/v2/inputs", "{\"action\": \"overwrite\", \"inputs\": [" + patches + "]}");

        assertEquals(10000, response.code(), response.body()::toString);
        assertEquals(1, api.requests("PATCH") - before, "one request, counted by the API");
        assertEquals("[c7:1]", concepts(client.get("/v2/inputs/many-7").body().path("input")));
        assertEquals("[c8:0]", concepts(client.get("/v2/inputs/many-8").body().path("input")));
    }

    @Test
    void patchOfMoreThan128InputsIsRefusedWhole() {
        StringBuilder patches = new StringBuilder();
        for (int i = 0; i < 129; i++) {
            patches.append(i == 0 ? "" : ",").append("{\"id\": \"in\", \"data\": {}}");
        }
        ApiTestClient.Response response =
                client.patch("/v2/inputs", "{\"action\": \"merge\", \"inputs\": [" + patches + "]}");

        assertEquals(400, response.httpStatus());
    }

    private static JsonNode patch(String action, String dataFields) {
        ApiTestClient.Response response = client.patch("/v2/inputs", """
                {"action": "%s", "inputs": [{"id": "in", "data": {%s}}]}""".formatted(action, dataFields));
        assertEquals(10000, response.code(), response.body()::toString);
        assertEquals(30200, response.inputCode(0));
        JsonNode stored = client.get("/v2/inputs/in").body().path("input");
        assertEquals(stored.path("data"), response.input(0).path("data"));
        return stored;
    }

    private static String concepts(JsonNode input) {
        java.util.List<String> concepts = new java.util.ArrayList<>();
        input.path("data")
                .path("concepts")
                .forEach(concept -> concepts.add(concept.path("id").asText() + ":"
                        + concept.path("value").asInt()));
        return concepts.toString();
    }
}

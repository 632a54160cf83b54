package io.github.clarifais3sync.local.inputsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ListInputs, StreamInputs, GetInputCount and the asynchronous deletes
 * (https://docs.clarifai.com/resources/api-overview/pagination, https://docs.clarifai.com/create-manage/inputs/upload,
 * docs/clarifai-api-notes.md#deletes).
 */
class ListingAndDeletionTest extends LocalApiTestBase {

    @BeforeEach
    void fiveInputs() {
        for (int i = 1; i <= 5; i++) {
            client.addUrl("in" + i, "https://samples.clarifai.com/" + i + ".jpg");
            client.awaitFinalStatus("in" + i);
        }
    }

    @Test
    void listPagesNewestFirst() {
        assertEquals(List.of("in5", "in4"), ids(client.get("/v2/inputs?page=1&per_page=2")));
        assertEquals(List.of("in3", "in2"), ids(client.get("/v2/inputs?page=2&per_page=2")));
        assertEquals(List.of("in1"), ids(client.get("/v2/inputs?page=3&per_page=2")));
        ApiTestClient.Response empty = client.get("/v2/inputs?page=4&per_page=2");
        assertTrue(empty.body().path("inputs").isArray());
        assertEquals(0, empty.body().path("inputs").size());
    }

    @Test
    void listFiltersByIdsAndStatusCodeNumberOrName() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        client.addUrl("broken", "http://127.0.0.1:" + closedPort + "/x.jpg");
        client.awaitFinalStatus("broken");
        assertEquals(List.of("in4", "in2"), ids(client.get("/v2/inputs?ids=in2&ids=in4&ids=broken&status.code=30000")));
        assertEquals(
                List.of("in4", "in2"),
                ids(client.get("/v2/inputs?ids=in2&ids=in4&ids=broken&status.code=INPUT_DOWNLOAD_SUCCESS")));
        assertEquals(List.of("broken"), ids(client.get("/v2/inputs?status.code=INPUT_CONNECTION_FAILED")));
        assertEquals(400, client.get("/v2/inputs?status.code=NOT_A_CODE").httpStatus());
    }

    @Test
    void streamIsKeysetPaginatedFromOldest() {
        assertEquals(List.of("in1", "in2"), ids(client.get("/v2/inputs/stream?per_page=2")));
        assertEquals(List.of("in3", "in4"), ids(client.get("/v2/inputs/stream?per_page=2&last_id=in2")));
        assertEquals(List.of("in5"), ids(client.get("/v2/inputs/stream?per_page=2&last_id=in4")));
        assertEquals(List.of(), ids(client.get("/v2/inputs/stream?per_page=2&last_id=in5")));
        assertEquals(List.of("in5", "in4"), ids(client.get("/v2/inputs/stream?per_page=2&descending=true")));
        assertEquals(
                List.of("in2", "in1"), ids(client.get("/v2/inputs/stream?per_page=2&descending=true&last_id=in3")));
        assertEquals(5, ids(client.get("/v2/inputs/stream")).size());
    }

    @Test
    void countsCoverEveryInput() {
        JsonNode counts = client.get("/v2/inputs/status").body().path("counts");
        assertEquals(5, counts.path("processed").asInt());
        assertEquals(0, counts.path("reindexing").asInt());
        assertTrue(counts.has("to_process") && counts.has("errors") && counts.has("processing"));
    }

    @Test
    void deletesAreAsynchronousThenNotFound() {
        assertEquals(10000, client.delete("/v2/inputs/in1", null).code());
        assertEquals(11101, client.awaitGone("/v2/inputs/in1").code());

        assertEquals(
                10000,
                client.delete("/v2/inputs", "{\"ids\": [\"in2\", \"in3\"]}").code());
        client.awaitGone("/v2/inputs/in2");
        client.awaitGone("/v2/inputs/in3");
        assertEquals(List.of("in5", "in4"), ids(client.get("/v2/inputs")));
        assertEquals(404, client.delete("/v2/inputs/in1", null).httpStatus());
    }

    @Test
    void aBatchNamingAnUnknownIdIsRefusedWholeAndDeletesNothing() {
        ApiTestClient.Response refused = client.delete("/v2/inputs", "{\"ids\": [\"in2\", \"never\", \"in3\"]}");
        assertEquals(404, refused.httpStatus());
        assertEquals(11101, refused.code());
        assertTrue(refused.details().contains("never") && !refused.details().contains("in2"), refused.details());
        assertEquals(List.of("in5", "in4", "in3", "in2", "in1"), ids(client.get("/v2/inputs")));

        client.delete("/v2/inputs/in1", null);
        client.awaitGone("/v2/inputs/in1");
        assertEquals(
                404,
                client.delete("/v2/inputs", "{\"ids\": [\"in1\", \"in2\"]}").httpStatus());
        assertEquals(200, client.get("/v2/inputs/in2").httpStatus());

        assertEquals(
                10000,
                client.delete("/v2/inputs", "{\"ids\": [\"in2\", \"in3\", \"in2\"]}")
                        .code());
        client.awaitGone("/v2/inputs/in2");
        client.awaitGone("/v2/inputs/in3");
    }

    @Test
    void deleteAllIsHonouredByDefault() {
        assertEquals(
                10000, client.delete("/v2/inputs", "{\"delete_all\": true}").code());
        for (int i = 1; i <= 5; i++) {
            client.awaitGone("/v2/inputs/in" + i);
        }
        assertEquals(List.of(), ids(client.get("/v2/inputs")));
    }

    @Test
    void deleteAllIsRefusedWhenTurnedOff() {
        try (LocalInputsApi strict =
                LocalInputsApi.builder().deleteAllHonoured(false).build().start()) {
            ApiTestClient strictClient = new ApiTestClient(strict.baseUrl(), LocalInputsApi.DEFAULT_API_KEY);
            strictClient.addUrl("kept", "https://samples.clarifai.com/k.jpg");
            ApiTestClient.Response refused = strictClient.delete("/v2/inputs", "{\"delete_all\": true}");
            assertEquals(400, refused.httpStatus());
            assertEquals(11100, refused.code());
            assertTrue(refused.details().contains("\"delete_all\""), refused.details());
            assertEquals(200, strictClient.get("/v2/inputs/kept").httpStatus());
        }
    }

    private static List<String> ids(ApiTestClient.Response response) {
        assertEquals(10000, response.code(), response.body()::toString);
        List<String> ids = new ArrayList<>();
        response.body().path("inputs").forEach(input -> ids.add(input.path("id").asText()));
        return ids;
    }
}

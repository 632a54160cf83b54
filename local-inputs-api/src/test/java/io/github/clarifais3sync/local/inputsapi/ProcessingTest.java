package io.github.clarifais3sync.local.inputsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous processing of URL and base64 inputs: the status sequence and every failure code
 * (https://docs.clarifai.com/create-manage/inputs/upload,
 * https://docs.clarifai.com/resources/api-overview/status-codes).
 */
class ProcessingTest {
    private static ImageOrigin origin;
    private static LocalInputsApi api;
    private static ApiTestClient client;

    @BeforeAll
    static void start() {
        origin = new ImageOrigin();
        api = LocalInputsApi.builder()
                .processingDelay(Duration.ofMillis(10))
                .fetchTimeout(Duration.ofSeconds(10))
                .rateLimit(0)
                .build()
                .start();
        client = new ApiTestClient(api.baseUrl(), LocalInputsApi.DEFAULT_API_KEY);
    }

    @AfterAll
    static void stop() {
        api.close();
        origin.close();
    }

    @Test
    void urlInputGoesFromPendingThroughInProgressToSuccess() {
        ApiTestClient.Response added = client.post("/v2/inputs", """
                {"inputs": [{"id": "held", "data": {"image": {"url": "%s"}}}]}""".formatted(origin.url("/held.jpg")));
        assertEquals(30001, added.inputCode(0));
        assertEquals(
                "Download pending",
                added.input(0).path("status").path("description").asText());

        client.awaitInput("held", code -> code == 30003);
        origin.release.countDown();
        JsonNode done = client.awaitInput("held", code -> code != 30003);

        assertEquals(30000, done.path("status").path("code").asInt());
        assertEquals(
                "JPEG",
                done.path("data")
                        .path("image")
                        .path("image_info")
                        .path("format")
                        .asText());
    }

    @Test
    void urlFailuresEndInTheirOwnCodes() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertEquals(39996, finalStatusOfUrl("refused", "http://127.0.0.1:" + closedPort + "/a.jpg"));
        assertEquals(30002, finalStatusOfUrl("missing", origin.url("/missing.jpg")));
        assertEquals(30300, finalStatusOfUrl("text", origin.url("/notes.txt")));
        assertEquals(30300, finalStatusOfUrl("broken", origin.url("/broken.jpg")));
        assertEquals(30101, finalStatusOfUrl("pdf", origin.url("/document.pdf")));
        assertEquals(30105, finalStatusOfUrl("huge", origin.url("/huge.jpg")));
    }

    @Test
    void acceptedFormatsIncludingWebpSucceed() {
        assertEquals(30000, finalStatusOfUrl("png", origin.url("/photo.png")));
        assertEquals(30000, finalStatusOfUrl("webp", origin.url("/photo.webp")));
        assertEquals(30000, finalStatusOfUrl("sample", "https://samples.clarifai.com/metro-north.jpg"));
        assertEquals(30000, finalStatusOfUrl("served-sample", api.baseUrl() + "/samples/puppy.jpeg"));
    }

    @Test
    void slowUrlTimesOutWithDownloadFailed() {
        try (LocalInputsApi impatient = LocalInputsApi.builder()
                        .processingDelay(Duration.ZERO)
                        .fetchTimeout(Duration.ofMillis(100))
                        .build()
                        .start();
                ImageOrigin slow = new ImageOrigin()) {
            ApiTestClient impatientClient = new ApiTestClient(impatient.baseUrl(), LocalInputsApi.DEFAULT_API_KEY);
            impatientClient.addUrl("slow", slow.url("/held.jpg"));
            assertEquals(30002, impatientClient.awaitFinalStatus("slow"));
        }
    }

    @Test
    void base64InputsAreDecodedAndChecked() {
        assertEquals(30000, finalStatusOfBytes("bytes-jpeg", TestImages.jpeg()));
        assertEquals(30300, finalStatusOfBytes("bytes-text", TestImages.text()));
        assertEquals(30101, finalStatusOfBytes("bytes-pdf", TestImages.pdf()));
    }

    @Test
    void invalidBase64RefusesTheWholeRequest() {
        ApiTestClient.Response response = client.post("/v2/inputs", """
                {"inputs": [{"id": "bad-bytes", "data": {"image": {"base64": "not*base64"}}}]}""");
        assertEquals(400, response.httpStatus());
        assertEquals(11100, response.code());
        assertEquals(404, client.get("/v2/inputs/bad-bytes").httpStatus());
    }

    @Test
    void oversizedBase64EndsInOverLimit() {
        try (LocalInputsApi small = LocalInputsApi.builder()
                .maxImageBytes(100)
                .processingDelay(Duration.ZERO)
                .build()
                .start()) {
            ApiTestClient smallClient = new ApiTestClient(small.baseUrl(), LocalInputsApi.DEFAULT_API_KEY);
            smallClient.post("/v2/inputs", bytesBody("big", TestImages.jpeg()));
            assertEquals(30105, smallClient.awaitFinalStatus("big"));
        }
    }

    @Test
    void samplesAreServedOverHttpToo() {
        var response = client.get("/samples/unknown.exe");
        assertEquals(404, response.httpStatus());
        assertTrue(response.details().contains("unknown.exe"));
    }

    private static int finalStatusOfUrl(String id, String url) {
        client.addUrl(id, url);
        return client.awaitFinalStatus(id);
    }

    private static int finalStatusOfBytes(String id, byte[] bytes) {
        ApiTestClient.Response added = client.post("/v2/inputs", bytesBody(id, bytes));
        assertEquals(10000, added.code(), added.body()::toString);
        return client.awaitFinalStatus(id);
    }

    private static String bytesBody(String id, byte[] bytes) {
        return """
                {"inputs": [{"id": "%s", "data": {"image": {"base64": "%s"}}}]}""".formatted(id, Base64.getEncoder().encodeToString(bytes));
    }
}

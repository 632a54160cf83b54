package io.github.clarifais3sync.local.inputsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The requests a review sent to exhaust the API, each with the answer it must get: shared by the tests of each limit
 * and by the test of the memory the whole series takes.
 */
final class HostileRequests {
    static final int BOMBS = 12;
    /** 9000x9000 16-bit RGBA: about 630 KB of PNG, 648 MB decoded, under the 85-megapixel limit. */
    private static final byte[] BOMB = TestImages.pngBomb(9000, 9000);

    private final ApiTestClient client;
    private final String baseUrl;
    private final String key;

    HostileRequests(String baseUrl, String key) {
        this.client = new ApiTestClient(baseUrl, key);
        this.baseUrl = baseUrl;
        this.key = key;
    }

    /** Twelve decompression bombs in one add: each ends in 30105 undecoded; their ids. */
    List<String> decompressionBombs(String prefix) {
        String bomb = Base64.getEncoder().encodeToString(BOMB);
        String inputs = IntStream.range(0, BOMBS)
                .mapToObj(i ->
                        "{\"id\": \"%s-%d\", \"data\": {\"image\": {\"base64\": \"%s\"}}}".formatted(prefix, i, bomb))
                .collect(Collectors.joining(","));
        ApiTestClient.Response added = client.post("/v2/inputs", "{\"inputs\": [" + inputs + "]}");
        assertEquals(10000, added.code(), () -> added.body().toString());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < BOMBS; i++) {
            ids.add(prefix + "-" + i);
        }
        for (String id : ids) {
            var input = client.awaitInput(id, code -> code != 30001 && code != 30003);
            assertEquals(30105, input.path("status").path("code").asInt(), input::toString);
            assertTrue(input.path("status").path("details").asText().contains("decode budget"), input::toString);
        }
        return ids;
    }

    /** An image of Clarifai's largest size as base64 (about 28 MB of JSON string): accepted and processed. */
    void largestBase64Image(String id) {
        byte[] image = TestImages.paddedJpeg((int) ImageInspector.DEFAULT_MAX_BYTES);
        ApiTestClient.Response added =
                client.post("/v2/inputs", """
                {"inputs": [{"id": "%s", "data": {"image": {"base64": "%s"}}}]}""".formatted(id, Base64.getEncoder().encodeToString(image)));
        assertEquals(10000, added.code(), () -> added.body().toString());
        assertEquals(30000, client.awaitFinalStatus(id));
    }

    /** A 96 MB id list declared with Content-Length: refused from its headers, before it is read. */
    void declaredHugeIdList() {
        long length = 96L * RawHttp.MEGABYTE;
        RawHttp.Answer answer = RawHttp.sendDeclared(
                baseUrl, key, "DELETE", "/v2/inputs", length, RawHttp.filled("{\"ids\": [", (byte) ' ', length));
        assertTooLarge(answer);
    }

    /** An add of 160 MB with no declared length: refused once more than an add may carry arrived. */
    void chunkedHugeAdd() {
        RawHttp.Answer answer = RawHttp.sendChunked(
                baseUrl,
                key,
                "POST",
                "/v2/inputs",
                RawHttp.filled(
                        "{\"inputs\": [{\"data\": {\"image\": {\"base64\": \"", (byte) 'A', 160L * RawHttp.MEGABYTE));
        assertTooLarge(answer);
    }

    /** A small body of more JSON values than any valid request has. */
    void tooManyTokens() {
        String ids = IntStream.range(0, (int) RequestBodies.MAX_TOKENS)
                .mapToObj(i -> "\"\"")
                .collect(Collectors.joining(","));
        ApiTestClient.Response answer = client.delete("/v2/inputs", "{\"ids\": [" + ids + "]}");
        assertEquals(413, answer.httpStatus(), () -> answer.body().toString());
        assertEquals(40033, answer.code());
    }

    private static void assertTooLarge(RawHttp.Answer answer) {
        assertEquals(413, answer.httpStatus(), () -> answer.body().toString());
        assertEquals(40033, answer.code(), () -> answer.body().toString());
        assertTrue(
                answer.body().path("status").path("req_id").isTextual(),
                () -> answer.body().toString());
    }
}

package io.github.clarifais3sync.local.inputsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * URL inputs that must not hold or mislead the fetcher: every fetch error ends the input, a download has one deadline
 * for headers and body, link-local hosts are never fetched from, and an allow-list, when given, is the only hosts
 * fetched from, redirects included.
 */
class FetchEdgesTest extends LocalApiTestBase {
    private static ImageOrigin origin;

    @BeforeAll
    static void startOrigin() {
        origin = new ImageOrigin();
    }

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    @Test
    void portOutOfRangeEndsInDownloadFailed() {
        JsonNode input = finalInput("no-port", "http://127.0.0.1:99999/a.jpg");
        assertEquals(30002, input.path("status").path("code").asInt(), input::toString);
        assertTrue(input.path("status").path("details").asText().contains("99999"), input::toString);
    }

    @Test
    void originsTricklingBytesAreCutOffAtTheDeadlineAndFreeTheirSlots() {
        try (LocalInputsApi impatient = LocalInputsApi.builder()
                .processingDelay(Duration.ZERO)
                .rateLimit(0)
                .fetchTimeout(Duration.ofSeconds(1))
                .build()
                .start()) {
            ApiTestClient impatientClient = new ApiTestClient(impatient.baseUrl(), LocalInputsApi.DEFAULT_API_KEY);
            int trickles = ImageFetcher.MAX_CONCURRENT_FETCHES + 1;
            for (int i = 0; i < trickles; i++) {
                impatientClient.addUrl("trickle-" + i, origin.url("/trickle.jpg"));
            }
            impatientClient.addUrl("after-trickles", origin.url("/photo.jpg"));
            for (int i = 0; i < trickles; i++) {
                JsonNode input = impatientClient.awaitInput("trickle-" + i, code -> code != 30001 && code != 30003);
                assertEquals(30002, input.path("status").path("code").asInt(), input::toString);
                assertTrue(input.path("status").path("details").asText().contains("Timed out"), input::toString);
            }
            assertEquals(30000, impatientClient.awaitFinalStatus("after-trickles"));
        }
    }

    @Test
    void linkLocalAddressesAreNeverFetchedFrom() {
        for (String url : List.of(
                "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/a.jpg", origin.url("/to-metadata"))) {
            JsonNode input = finalInput(null, url);
            assertEquals(30106, input.path("status").path("code").asInt(), input::toString);
            assertTrue(input.path("status").path("details").asText().contains("link-local"), input::toString);
        }
    }

    @Test
    void redirectsAreFollowed() {
        assertEquals(
                30000,
                finalInput(null, origin.url("/to-photo"))
                        .path("status")
                        .path("code")
                        .asInt());
    }

    @Test
    void withAnAllowListOnlyItsHostsAreFetchedFrom() {
        try (LocalInputsApi strict = LocalInputsApi.builder()
                .processingDelay(Duration.ZERO)
                .rateLimit(0)
                .allowedHosts(Set.of("127.0.0.1"))
                .build()
                .start()) {
            ApiTestClient strictClient = new ApiTestClient(strict.baseUrl(), LocalInputsApi.DEFAULT_API_KEY);
            strictClient.addUrl("allowed", origin.url("/photo.jpg"));
            assertEquals(30000, strictClient.awaitFinalStatus("allowed"));
            strictClient.addUrl("other-host", origin.url("/photo.jpg").replace("127.0.0.1", "localhost"));
            JsonNode refused = strictClient.awaitInput("other-host", code -> code != 30001 && code != 30003);
            assertEquals(30106, refused.path("status").path("code").asInt(), refused::toString);
            assertTrue(refused.path("status").path("details").asText().contains("localhost"), refused::toString);
        }
    }

    private static JsonNode finalInput(String id, String url) {
        String added = client.addUrl(id == null ? "u" + Integer.toHexString(url.hashCode() & 0xfffffff) : id, url);
        return client.awaitInput(added, code -> code != 30001 && code != 30003);
    }
}

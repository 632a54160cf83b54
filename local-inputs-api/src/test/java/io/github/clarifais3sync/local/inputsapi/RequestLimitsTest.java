package io.github.clarifais3sync.local.inputsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * What bounds the memory a request can take: bodies over the largest valid request refused with 413 and 40033
 * without being buffered, images whose decoding would take more than the decode budget failed from their header, and
 * yet base64 images up to Clarifai's 20 MB accepted (https://docs.clarifai.com/create-manage/inputs/upload).
 */
class RequestLimitsTest extends LocalApiTestBase {

    private static HostileRequests hostile() {
        return new HostileRequests(api.baseUrl(), LocalInputsApi.DEFAULT_API_KEY);
    }

    @Test
    void decompressionBombsFailFromTheirHeaderAndTheServerKeepsServing() {
        hostile().decompressionBombs("bomb");
        client.post("/v2/inputs", """
                {"inputs": [{"id": "after", "data": {"image": {"base64": "%s"}}}]}""".formatted(java.util.Base64.getEncoder().encodeToString(TestImages.jpeg())));
        assertEquals(30000, client.awaitFinalStatus("after"));
    }

    @Test
    void decodeBudgetIsAConfigurableLimit() {
        try (LocalInputsApi small = LocalInputsApi.builder()
                .decodeBudget(32 * 24 * 3 - 1)
                .processingDelay(java.time.Duration.ZERO)
                .rateLimit(0)
                .build()
                .start()) {
            ApiTestClient smallClient = new ApiTestClient(small.baseUrl(), LocalInputsApi.DEFAULT_API_KEY);
            smallClient.post(
                    "/v2/inputs", """
                    {"inputs": [{"id": "photo", "data": {"image": {"base64": "%s"}}}]}""".formatted(java.util.Base64.getEncoder().encodeToString(TestImages.jpeg())));
            var input = smallClient.awaitInput("photo", code -> code != 30001 && code != 30003);
            assertEquals(30105, input.path("status").path("code").asInt());
            assertTrue(input.path("status").path("details").asText().contains("32x24"), input::toString);
        }
    }

    @Test
    void base64ImageOfClarifaisLargestSizeIsAccepted() {
        hostile().largestBase64Image("largest");
    }

    @Test
    void declaredBodyOverTheLimitIsRefusedBeforeItIsRead() {
        hostile().declaredHugeIdList();
        assertEquals(200, client.get("/v2/inputs").httpStatus());
    }

    @Test
    void streamedBodyOverTheLimitIsRefusedOnceThatMuchArrived() {
        hostile().chunkedHugeAdd();
        assertEquals(0, client.get("/v2/inputs").body().path("inputs").size());
    }

    @Test
    void bodyOfTooManyJsonValuesIsRefused() {
        hostile().tooManyTokens();
    }
}

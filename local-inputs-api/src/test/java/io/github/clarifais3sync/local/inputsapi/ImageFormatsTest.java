package io.github.clarifais3sync.local.inputsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Formats Clarifai accepts (https://docs.clarifai.com/create/inputs/upload/#supported-formats) in variants the JDK's
 * ImageIO alone cannot decode or decodes without converting colours: each test image (src/test/resources/images, 96x64
 * pixels, made with Pillow) is added as bytes and must reach 30000 with its format and size read from the pixels.
 */
class ImageFormatsTest {
    private static LocalInputsApi api;
    private static ApiTestClient client;

    @BeforeAll
    static void start() {
        api = LocalInputsApi.builder()
                .processingDelay(Duration.ZERO)
                .rateLimit(0)
                .build()
                .start();
        client = new ApiTestClient(api.baseUrl(), LocalInputsApi.DEFAULT_API_KEY);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "cmyk.jpg            | JPEG | Adobe CMYK JPEG, inverted samples as print workflows write them",
                "ycck.jpg            | JPEG | Adobe YCCK JPEG (APP14 transform 2), as Photoshop saves CMYK",
                "lossy.webp          | WEBP | lossy WEBP (VP8); the JDK has no WEBP decoder at all",
                "lossless.webp       | WEBP | lossless WEBP (VP8L)",
                "cmyk-lzw.tif        | TIFF | CMYK TIFF, LZW",
                "jpeg-compressed.tif | TIFF | TIFF with JPEG compression",
                "gray16-deflate.tif  | TIFF | 16-bit grey TIFF, Deflate",
                "rgba-planar.tif     | TIFF | RGBA TIFF, planar configuration 2, LZW",
            })
    void decodesToIndexed(String file, String format, String what) {
        String id = file.replace('.', '-');
        ApiTestClient.Response added = client.post(
                "/v2/inputs", """
                {"inputs": [{"id": "%s", "data": {"image": {"base64": "%s"}}}]}""".formatted(id, Base64.getEncoder().encodeToString(TestImages.resource(file))));
        assertEquals(10000, added.code(), added.body()::toString);

        assertEquals(30000, client.awaitFinalStatus(id), what);
        JsonNode info = client.get("/v2/inputs/" + id)
                .body()
                .path("input")
                .path("data")
                .path("image")
                .path("image_info");
        assertEquals(format, info.path("format").asText(), what);
        assertEquals(96, info.path("width").asInt(), what);
        assertEquals(64, info.path("height").asInt(), what);
    }
}

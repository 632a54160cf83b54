package io.github.clarifais3sync.local.inputsapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalInputsApiMainTest {

    @Test
    void flagsConfigureTheApiAndTheBannerShowsHowToCallIt() {
        try (LocalInputsApi api = LocalInputsApiMain.configure(new String[] {
                    "--port",
                    "0",
                    "--key",
                    "k1",
                    "--user",
                    "u1",
                    "--app",
                    "a1",
                    "--pat",
                    "p1",
                    "--rate-limit",
                    "0",
                    "--no-delete-all",
                    "--processing-delay-ms",
                    "0",
                    "--fail-next",
                    "1",
                    "--fail-code",
                    "98004",
                    "--fail-http-status",
                    "500",
                    "--quiet"
                })
                .start()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            LocalInputsApiMain.printBanner(api, new PrintStream(out, true, StandardCharsets.UTF_8));
            String banner = out.toString(StandardCharsets.UTF_8);
            assertTrue(banner.contains(api.baseUrl()), banner);
            assertTrue(banner.contains("Authorization: Key k1"), banner);
            assertTrue(banner.contains("curl -X POST"), banner);

            ApiTestClient client = new ApiTestClient(api.baseUrl(), "k1");
            assertEquals(98004, client.get("/v2/inputs").code());
            assertEquals(200, client.get("/v2/inputs").httpStatus());
            assertEquals(
                    11100, client.delete("/v2/inputs", "{\"delete_all\": true}").code());
            assertEquals(
                    200,
                    new ApiTestClient(api.baseUrl(), "p1")
                            .get("/v2/users/u1/apps/any/inputs")
                            .httpStatus());
        }
    }

    @Test
    void allowedHostsComeFromTheFlagOrTheEnvironment() {
        try (LocalInputsApi api = LocalInputsApiMain.configure(
                        new String[] {"--port", "0", "--quiet"},
                        Map.of(LocalInputsApiMain.ALLOWED_HOSTS_VARIABLE, "images.example.com"))
                .start()) {
            ApiTestClient client = new ApiTestClient(api.baseUrl(), LocalInputsApi.DEFAULT_API_KEY);
            client.addUrl("elsewhere", "http://127.0.0.1:9/a.jpg");
            assertEquals(30106, client.awaitFinalStatus("elsewhere"));
        }
        try (LocalInputsApi api = LocalInputsApiMain.configure(
                        new String[] {"--port", "0", "--quiet", "--allowed-hosts", "images.example.com, cdn.example.com"
                        },
                        Map.of())
                .start()) {
            ApiTestClient client = new ApiTestClient(api.baseUrl(), LocalInputsApi.DEFAULT_API_KEY);
            client.addUrl("elsewhere", "http://127.0.0.1:9/a.jpg");
            assertEquals(30106, client.awaitFinalStatus("elsewhere"));
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> LocalInputsApiMain.configure(new String[] {"--allowed-hosts", " , "}, Map.of()));
    }

    @Test
    void helpAndBadFlags() {
        assertNull(LocalInputsApiMain.configure(new String[] {"--help"}));
        assertThrows(IllegalArgumentException.class, () -> LocalInputsApiMain.configure(new String[] {"--nope"}));
        assertThrows(IllegalArgumentException.class, () -> LocalInputsApiMain.configure(new String[] {"--port"}));
        assertThrows(
                IllegalArgumentException.class,
                () -> LocalInputsApiMain.configure(new String[] {"--throttle-rate", "3"}));
    }
}

package io.github.clarifais3sync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clarifais3sync.inputs.PathForm;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

// Unit tests of each function's configuration as built from its environment.
class ConfigurationTest {

    private static final Map<String, String> REQUIRED =
            Map.of("LEDGER_TABLE", "ledger", "QUEUE_URL", "queue", "CLARIFAI_API_KEY_SECRET", "secret");

    @Test
    void upload_whenOnlyTheRequiredVariablesAreSet_takesEveryDefaultFromSetting() {
        Configuration.Upload upload = Configuration.Upload.from(REQUIRED);

        assertEquals("ledger", upload.ledger().table());
        assertEquals(Duration.ofDays(30), upload.ledger().deletedItemTtl());
        assertEquals(
                new Configuration.Clarifai("https://api.clarifai.com", PathForm.USER_APP, "me", "", "secret"),
                upload.clarifai());
        assertEquals(Configuration.ImageSource.PRESIGNED_URL, upload.imageSource());
        assertEquals(Duration.ofSeconds(21_600), upload.presignedUrlTtl());
        assertEquals(64L * 1024 * 1024, upload.maxRequestBytes());
        assertEquals(16, upload.parallelism());
        assertEquals(Duration.ofSeconds(20), upload.retryBase());
        assertEquals(Duration.ofSeconds(900), upload.retryMax());
    }

    @Test
    void eachFunction_readsItsOwnVariables() {
        Map<String, String> environment = Map.of(
                "LEDGER_TABLE",
                "t",
                "QUEUE_URL",
                "q",
                "CLARIFAI_API_KEY_SECRET",
                "s",
                "IMAGE_SUFFIXES",
                " .JPG, .png ,,",
                "CLARIFAI_PATH_FORM",
                "APP-KEY",
                "STATUS_MAX_ATTEMPTS",
                "5",
                "STATUS_RETRY_DELAY_SECONDS",
                "60",
                "IMAGE_SOURCE",
                "base64");

        assertEquals(
                List.of(".jpg", ".png"),
                Configuration.Enqueue.from(environment).keys().imageSuffixes());
        assertEquals(
                PathForm.APP_KEY,
                Configuration.Delete.from(environment).clarifai().pathForm());
        Configuration.Status status = Configuration.Status.from(environment);
        assertEquals(5, status.maxAttempts());
        assertEquals(Duration.ofSeconds(60), status.retryDelay());
        assertEquals(
                Configuration.ImageSource.BASE64,
                Configuration.Upload.from(environment).imageSource());
    }

    @Test
    void enqueue_needsNoClarifaiSecret() {
        assertEquals(
                "q",
                Configuration.Enqueue.from(Map.of("LEDGER_TABLE", "t", "QUEUE_URL", "q"))
                        .queueUrl());
    }

    @Test
    void missingOrMalformedValues_failNamingTheVariable() {
        IllegalStateException missing =
                assertThrows(IllegalStateException.class, () -> Configuration.Delete.from(Map.of("LEDGER_TABLE", "t")));
        IllegalStateException notANumber = assertThrows(
                IllegalStateException.class, () -> Configuration.Upload.from(with("UPLOAD_PARALLELISM", "many")));
        IllegalStateException outOfRange = assertThrows(
                IllegalStateException.class,
                () -> Configuration.Status.from(with("STATUS_RETRY_DELAY_SECONDS", "901")));
        IllegalStateException unknownForm = assertThrows(
                IllegalStateException.class, () -> Configuration.Upload.from(with("CLARIFAI_PATH_FORM", "v3")));
        IllegalStateException unknownSource =
                assertThrows(IllegalStateException.class, () -> Configuration.Upload.from(with("IMAGE_SOURCE", "ftp")));

        assertTrue(missing.getMessage().contains("CLARIFAI_API_KEY_SECRET"), missing.getMessage());
        assertTrue(notANumber.getMessage().contains("UPLOAD_PARALLELISM"), notANumber.getMessage());
        assertTrue(outOfRange.getMessage().contains("0 to 900"), outOfRange.getMessage());
        assertTrue(unknownForm.getMessage().contains("app-key or user-app"), unknownForm.getMessage());
        assertTrue(unknownSource.getMessage().contains("IMAGE_SOURCE"), unknownSource.getMessage());
    }

    @Test
    void clarifaiBaseUrl_mustBeHttps_orHttpForALoopbackHost() {
        for (String allowed : List.of(
                "https://api.clarifai.com",
                "https://clarifai.example:8443/base/",
                "http://127.0.0.1:8080",
                "http://localhost:4000",
                "http://[::1]:9000/")) {
            assertEquals(
                    allowed,
                    Configuration.Delete.from(with("CLARIFAI_API_BASE_URL", allowed))
                            .clarifai()
                            .baseUrl());
        }
        for (String refused : List.of(
                "http://api.clarifai.com",
                "http://localhost.example",
                "http://10.0.0.1",
                "ftp://api.clarifai.com",
                "api.clarifai.com",
                "https://api.clarifai.com/?key=1",
                "https://user@api.clarifai.com")) {
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> Configuration.Delete.from(with("CLARIFAI_API_BASE_URL", refused)),
                    refused);
            assertTrue(e.getMessage().contains("CLARIFAI_API_BASE_URL must be an https:// URL"), e.getMessage());
        }
    }

    private static Map<String, String> with(String name, String value) {
        java.util.HashMap<String, String> environment = new java.util.HashMap<>(REQUIRED);
        environment.put(name, value);
        return environment;
    }
}

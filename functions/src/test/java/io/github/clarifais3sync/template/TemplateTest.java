package io.github.clarifais3sync.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.clarifais3sync.config.Setting;
import io.github.clarifais3sync.upload.BackoffSchedule;
import java.io.InputStream;
import java.time.Duration;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

// Checks template.yaml against the code and against the SAM/Lambda facts that break deployments silently.
class TemplateTest {

    private static JsonNode template;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = TemplateTest.class.getResourceAsStream("/template.yaml")) {
            assertNotNull(in, "template.yaml is copied to the test class path by the pom");
            template = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    private static List<Map.Entry<String, JsonNode>> functions() {
        List<Map.Entry<String, JsonNode>> functions = new ArrayList<>();
        template.get("Resources").properties().forEach(e -> {
            if ("AWS::Serverless::Function".equals(e.getValue().path("Type").asText())) {
                functions.add(e);
            }
        });
        return functions;
    }

    @Test
    void everyHandler_resolvesToAPublicClassWithThatMethodAndBothConstructors() throws Exception {
        assertEquals(4, functions().size());
        for (Map.Entry<String, JsonNode> function : functions()) {
            String handler = function.getValue().path("Properties").path("Handler").asText();
            String[] parts = handler.split("::");
            assertEquals(2, parts.length, function.getKey() + ": Handler must be class::method, was " + handler);
            Class<?> type = Class.forName(parts[0]);
            assertTrue(Modifier.isPublic(type.getModifiers()), handler);
            assertNotNull(type.getConstructor(), handler + " needs a public no-arg constructor for the runtime");
            assertNotNull(type.getConstructor(Map.class), handler + " needs the environment constructor");
            boolean found = false;
            for (Method method : type.getMethods()) {
                found |= method.getName().equals(parts[1]) && method.getParameterCount() == 2
                        && method.getParameterTypes()[1] == Context.class;
            }
            assertTrue(found, handler + " has no public " + parts[1] + "(event, Context)");
        }
    }

    @Test
    void uploadEventSource_followsTheSqsRules() {
        JsonNode upload = template.get("Resources").get("UploadFunction").get("Properties");
        JsonNode sqs = upload.get("Events").get("UploadBatch").get("Properties");
        int timeout = upload.get("Timeout").asInt();
        int window = sqs.get("MaximumBatchingWindowInSeconds").asInt();
        int defaultBatch = template.get("Parameters").get("UploadBatchSize").get("Default").asInt();
        JsonNode queue = template.get("Resources").get("UploadQueue").get("Properties");

        assertEquals(128, defaultBatch, "one add-inputs call takes at most 128 inputs");
        assertTrue(window >= 1, "BatchSize > 10 requires MaximumBatchingWindowInSeconds >= 1");
        assertTrue(sqs.get("FunctionResponseTypes").toString().contains("ReportBatchItemFailures"),
                "without it the partial batch response is ignored and failures are deleted as successes");
        assertTrue(queue.get("VisibilityTimeout").asInt() >= 6 * timeout + window,
                "visibility timeout must be >= 6 x function timeout + batching window");
        assertTrue(queue.get("RedrivePolicy").get("maxReceiveCount").asInt() >= 5);
        JsonNode dlq = template.get("Resources").get("UploadDeadLetterQueue").get("Properties");
        assertTrue(dlq.get("MessageRetentionPeriod").asInt() > queue.get("MessageRetentionPeriod").asInt(),
                "the DLQ keeps the original enqueue time, so it must retain messages longer");
        assertTrue(template.get("Parameters").get("UploadMaxConcurrency").get("MinValue").asInt() >= 2,
                "ScalingConfig.MaximumConcurrency ranges from 2");
    }

    @Test
    void functions_neverGetTheApiKeyThroughTheirEnvironment() {
        JsonNode globals = template.get("Globals").get("Function").get("Environment").get("Variables");
        assertTrue(globals.has("CLARIFAI_API_KEY_SECRET"));
        for (Map.Entry<String, JsonNode> function : functions()) {
            JsonNode variables = function.getValue().path("Properties").path("Environment").path("Variables");
            variables.fieldNames().forEachRemaining(name ->
                    assertFalse(name.matches("(?i).*(API_KEY|PAT|TOKEN)$"), function.getKey() + " sets " + name));
        }
    }

    @Test
    void environmentDefaults_equalTheDefaultsInTheCode() {
        JsonNode parameters = template.get("Parameters");
        List<String> compared = new ArrayList<>();
        List<JsonNode> environments = new ArrayList<>();
        environments.add(template.get("Globals").get("Function").get("Environment").get("Variables"));
        functions().forEach(f -> environments.add(f.getValue().path("Properties").path("Environment")
                .path("Variables")));
        for (JsonNode variables : environments) {
            variables.properties().forEach(variable -> {
                Setting setting = settingNamed(variable.getKey());
                if (setting == null || setting.defaultValue() == null) {
                    return;
                }
                String value = variable.getValue().asText();
                if (parameters.has(value)) {
                    assertEquals(setting.defaultValue(), parameters.get(value).path("Default").asText(),
                            "Default of parameter " + value + " (sets " + setting + ")");
                    compared.add(setting.name());
                } else if (!template.get("Resources").has(value)) {
                    assertEquals(setting.defaultValue(), value, setting + " is set to a literal other than its default");
                    compared.add(setting.name());
                }
            });
        }
        assertTrue(compared.containsAll(List.of("CLARIFAI_PATH_FORM", "CLARIFAI_API_BASE_URL", "CLARIFAI_USER_ID",
                "IMAGE_SOURCE", "PRESIGNED_URL_TTL_SECONDS", "IMAGE_SUFFIXES", "STATUS_GIVE_UP_MINUTES",
                "DELETED_ITEM_TTL_DAYS", "UPLOAD_PARALLELISM", "UPLOAD_RETRY_BASE_SECONDS")), compared.toString());
    }

    @Test
    void uploadFunction_mayChangeTheVisibilityOfItsQueuesMessagesAndTheBackoffFitsTheRetention() {
        JsonNode upload = template.get("Resources").get("UploadFunction").get("Properties");
        JsonNode queue = template.get("Resources").get("UploadQueue").get("Properties");
        JsonNode variables = upload.get("Environment").get("Variables");

        assertEquals("UploadQueue", variables.get("QUEUE_URL").asText());
        assertTrue(upload.get("Policies").toString().contains("sqs:ChangeMessageVisibility"),
                "ChangeMessageVisibilityBatch needs sqs:ChangeMessageVisibility on the queue");
        BackoffSchedule schedule = new BackoffSchedule(
                Duration.ofSeconds(variables.get("UPLOAD_RETRY_BASE_SECONDS").asLong()),
                Duration.ofSeconds(variables.get("UPLOAD_RETRY_MAX_SECONDS").asLong()));
        long worstCase = schedule.worstCaseSeconds(queue.get("RedrivePolicy").get("maxReceiveCount").asInt());
        assertTrue(worstCase < queue.get("MessageRetentionPeriod").asLong(),
                "a message must reach its last receive before the queue drops it: " + worstCase + " s");
    }

    private static Setting settingNamed(String name) {
        for (Setting setting : Setting.values()) {
            if (setting.name().equals(name)) {
                return setting;
            }
        }
        return null;
    }

    @Test
    void statusFunction_neverOverlapsItself() {
        JsonNode status = template.get("Resources").get("StatusFunction").get("Properties");
        assertEquals(1, status.get("ReservedConcurrentExecutions").asInt());
        assertEquals("ScheduleV2", status.get("Events").get("StatusSchedule").get("Type").asText());
    }
}

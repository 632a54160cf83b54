package io.github.clarifais3sync.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.clarifais3sync.batch.BackoffSchedule;
import io.github.clarifais3sync.config.Setting;
import io.github.clarifais3sync.metrics.Metric;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    void everyHandler_resolvesToAPublicClassWithThatMethodAndANoArgConstructor() throws Exception {
        // enqueue, upload, status, delete, labels, and the optional Batch Operations backfill.
        assertEquals(6, functions().size());
        for (Map.Entry<String, JsonNode> function : functions()) {
            String handler =
                    function.getValue().path("Properties").path("Handler").asText();
            String[] parts = handler.split("::");
            assertEquals(2, parts.length, function.getKey() + ": Handler must be class::method, was " + handler);
            Class<?> type = Class.forName(parts[0]);
            assertTrue(Modifier.isPublic(type.getModifiers()), handler);
            assertNotNull(type.getConstructor(), handler + " needs a public no-arg constructor for the runtime");
            boolean found = false;
            for (Method method : type.getMethods()) {
                // RequestHandler: (event, Context); RequestStreamHandler: (InputStream, OutputStream, Context).
                found |= method.getName().equals(parts[1])
                        && method.getParameterCount() >= 2
                        && method.getParameterTypes()[method.getParameterCount() - 1] == Context.class;
            }
            assertTrue(found, handler + " has no public " + parts[1] + "(event, Context)");
        }
    }

    @Test
    void uploadEventSource_followsTheSqsRules() {
        assertFollowsTheSqsRules("UploadFunction", "UploadBatch", "UploadQueue", "UploadDeadLetterQueue");
        int defaultBatch =
                template.get("Parameters").get("UploadBatchSize").get("Default").asInt();
        assertEquals(128, defaultBatch, "one add-inputs call takes at most 128 inputs");
        assertTrue(
                template.get("Parameters")
                                .get("UploadMaxConcurrency")
                                .get("MinValue")
                                .asInt()
                        >= 2,
                "ScalingConfig.MaximumConcurrency ranges from 2");
    }

    @Test
    void removalsEventSource_followsTheSqsRulesAndClarifaisRateLimit() {
        assertFollowsTheSqsRules("DeleteFunction", "RemovalsBatch", "RemovalsQueue", "RemovalsDeadLetterQueue");
        JsonNode parameters = template.get("Parameters");
        JsonNode sqs = template.get("Resources")
                .get("DeleteFunction")
                .get("Properties")
                .get("Events")
                .get("RemovalsBatch")
                .get("Properties");
        assertEquals("RemovalsBatchSize", sqs.get("BatchSize").asText());
        assertEquals(
                "RemovalsBatchingWindowSeconds",
                sqs.get("MaximumBatchingWindowInSeconds").asText());
        assertEquals(
                "RemovalsMaxConcurrency",
                sqs.get("ScalingConfig").get("MaximumConcurrency").asText());
        assertEquals(128, parameters.get("RemovalsBatchSize").get("Default").asInt());
        assertEquals(
                128, parameters.get("RemovalsBatchSize").get("MaxValue").asInt(), "one DELETE takes at most 128 ids");
        assertTrue(
                parameters.get("RemovalsBatchingWindowSeconds").get("MinValue").asInt() >= 1,
                "BatchSize > 10 requires MaximumBatchingWindowInSeconds >= 1");
        int timeout = template.get("Resources")
                .get("DeleteFunction")
                .get("Properties")
                .get("Timeout")
                .asInt();
        int visibility = template.get("Resources")
                .get("RemovalsQueue")
                .get("Properties")
                .get("VisibilityTimeout")
                .asInt();
        assertTrue(
                visibility
                        >= 6 * timeout
                                + parameters
                                        .get("RemovalsBatchingWindowSeconds")
                                        .get("MaxValue")
                                        .asInt(),
                "visibility timeout must be >= 6 x function timeout + the largest batching window");
        assertTrue(
                parameters.get("RemovalsMaxConcurrency").get("MinValue").asInt() >= 2,
                "ScalingConfig.MaximumConcurrency ranges from 2");
        assertTrue(
                parameters.get("RemovalsMaxConcurrency").get("MaxValue").asInt() <= 15,
                "Clarifai allows 15 requests/s per app by default; more invocations at once are only throttled");
        assertTrue(
                parameters.get("DeleteMaxConcurrency").get("Default").asInt()
                        >= parameters
                                .get("RemovalsMaxConcurrency")
                                .get("Default")
                                .asInt(),
                "reserved concurrency below the mapping's maximum throttles its batches");
        JsonNode enqueue = template.get("Resources").get("EnqueueFunction").get("Properties");
        assertEquals(
                "RemovalsQueue",
                enqueue.get("Environment")
                        .get("Variables")
                        .get("REMOVALS_QUEUE_URL")
                        .asText());
        assertTrue(
                enqueue.get("Policies").toString().contains("RemovalsQueue.QueueName"),
                "the enqueue function sends removals to the removals queue");
        assertTrue(
                resourcesOfType("AWS::CloudWatch::Alarm").values().stream()
                        .anyMatch(alarm ->
                                alarm.path("Dimensions").toString().contains("RemovalsDeadLetterQueue.QueueName")),
                "an alarm on the removals dead-letter queue");
    }

    private static void assertFollowsTheSqsRules(String functionId, String eventName, String queueId, String dlqId) {
        JsonNode function = template.get("Resources").get(functionId).get("Properties");
        JsonNode sqs = function.get("Events").get(eventName).get("Properties");
        JsonNode queue = template.get("Resources").get(queueId).get("Properties");
        assertEquals(queueId + ".Arn", sqs.get("Queue").asText());
        assertTrue(
                sqs.get("FunctionResponseTypes").toString().contains("ReportBatchItemFailures"),
                "without it the partial batch response is ignored and failures are deleted as successes");
        JsonNode window = sqs.get("MaximumBatchingWindowInSeconds");
        int seconds = window.isInt()
                ? window.asInt()
                : template.get("Parameters")
                        .get(window.asText())
                        .get("MaxValue")
                        .asInt();
        assertTrue(seconds >= 1, "BatchSize > 10 requires MaximumBatchingWindowInSeconds >= 1");
        assertTrue(
                queue.get("VisibilityTimeout").asInt()
                        >= 6 * function.get("Timeout").asInt() + seconds,
                "visibility timeout must be >= 6 x function timeout + batching window");
        assertTrue(queue.get("RedrivePolicy").get("maxReceiveCount").asInt() >= 5);
        assertEquals(
                dlqId + ".Arn",
                queue.get("RedrivePolicy").get("deadLetterTargetArn").asText());
        JsonNode dlq = template.get("Resources").get(dlqId).get("Properties");
        assertTrue(
                dlq.get("MessageRetentionPeriod").asInt()
                        > queue.get("MessageRetentionPeriod").asInt(),
                "the DLQ keeps the original enqueue time, so it must retain messages longer");
    }

    @Test
    void functions_neverGetTheApiKeyThroughTheirEnvironment() {
        JsonNode globals =
                template.get("Globals").get("Function").get("Environment").get("Variables");
        assertTrue(globals.has("CLARIFAI_API_KEY_SECRET"));
        for (Map.Entry<String, JsonNode> function : functions()) {
            JsonNode variables =
                    function.getValue().path("Properties").path("Environment").path("Variables");
            variables
                    .fieldNames()
                    .forEachRemaining(name -> assertFalse(
                            name.matches("(?i).*(API_KEY|PAT|TOKEN)$"), function.getKey() + " sets " + name));
        }
    }

    @Test
    void environmentDefaults_equalTheDefaultsInTheCode() {
        JsonNode parameters = template.get("Parameters");
        List<String> compared = new ArrayList<>();
        List<JsonNode> environments = new ArrayList<>();
        environments.add(
                template.get("Globals").get("Function").get("Environment").get("Variables"));
        functions()
                .forEach(f -> environments.add(
                        f.getValue().path("Properties").path("Environment").path("Variables")));
        for (JsonNode variables : environments) {
            variables.properties().forEach(variable -> {
                Setting setting = settingNamed(variable.getKey());
                if (setting == null || setting.defaultValue() == null) {
                    return;
                }
                String value = variable.getValue().asText();
                if (value.startsWith("AWS::")) {
                    return;
                }
                if (parameters.has(value)) {
                    assertEquals(
                            setting.defaultValue(),
                            parameters.get(value).path("Default").asText(),
                            "Default of parameter " + value + " (sets " + setting + ")");
                    compared.add(setting.name());
                } else if (!template.get("Resources").has(value)) {
                    assertEquals(
                            setting.defaultValue(), value, setting + " is set to a literal other than its default");
                    compared.add(setting.name());
                }
            });
        }
        assertTrue(
                compared.containsAll(List.of(
                        "CLARIFAI_PATH_FORM",
                        "CLARIFAI_API_BASE_URL",
                        "CLARIFAI_USER_ID",
                        "IMAGE_SOURCE",
                        "PRESIGNED_URL_TTL_SECONDS",
                        "IMAGE_SUFFIXES",
                        "STATUS_GIVE_UP_MINUTES",
                        "DELETED_ITEM_TTL_DAYS",
                        "UPLOAD_PARALLELISM",
                        "UPLOAD_RETRY_BASE_SECONDS",
                        "METRICS_NAMESPACE",
                        "INCLUDE_PREFIXES",
                        "EXCLUDE_PREFIXES")),
                compared.toString());
    }

    @Test
    void uploadFunction_mayChangeTheVisibilityOfItsQueuesMessagesAndTheBackoffFitsTheRetention() {
        JsonNode upload = template.get("Resources").get("UploadFunction").get("Properties");
        JsonNode queue = template.get("Resources").get("UploadQueue").get("Properties");
        JsonNode variables = upload.get("Environment").get("Variables");

        assertEquals("UploadQueue", variables.get("QUEUE_URL").asText());
        assertTrue(
                upload.get("Policies").toString().contains("sqs:ChangeMessageVisibility"),
                "ChangeMessageVisibilityBatch needs sqs:ChangeMessageVisibility on the queue");
        BackoffSchedule schedule = new BackoffSchedule(
                Duration.ofSeconds(variables.get("UPLOAD_RETRY_BASE_SECONDS").asLong()),
                Duration.ofSeconds(variables.get("UPLOAD_RETRY_MAX_SECONDS").asLong()));
        long worstCase = schedule.worstCaseSeconds(
                queue.get("RedrivePolicy").get("maxReceiveCount").asInt());
        assertTrue(
                worstCase < queue.get("MessageRetentionPeriod").asLong(),
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

    // ---- monitoring ----------------------------------------------------------------------------------------------

    private static final Set<String> LAMBDA_METRICS =
            Set.of("Errors", "Throttles", "Duration", "Invocations", "ConcurrentExecutions");
    private static final Set<String> SQS_METRICS = Set.of(
            "ApproximateNumberOfMessagesVisible",
            "ApproximateNumberOfMessagesNotVisible",
            "ApproximateAgeOfOldestMessage",
            "NumberOfMessagesSent");
    /** CloudWatch Logs' retention values (API_PutRetentionPolicy). */
    private static final Set<Integer> RETENTION_DAYS = Set.of(
            1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private static Map<String, JsonNode> resourcesOfType(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        template.get("Resources").properties().forEach(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                found.put(e.getKey(), e.getValue().path("Properties"));
            }
        });
        return found;
    }

    /**
     * Checks that a metric is one this stack has: an AWS/Lambda metric of one of its functions, an AWS/SQS metric of
     * one of its queues, or one the functions emit ({@link Metric}) with the Service dimension set to the stack.
     *
     * @param namespace  {@code MetricsNamespace} for the functions' own namespace (as the template refers to it)
     * @param dimensions dimension name to the template's value ({@code !Ref X} and {@code !GetAtt X.Y} read as X, X.Y)
     */
    private static void assertKnownMetric(String where, String namespace, String name, Map<String, String> dimensions) {
        switch (namespace) {
            case "AWS/Lambda" -> {
                assertTrue(LAMBDA_METRICS.contains(name), where + ": " + name);
                assertEquals(Set.of("FunctionName"), dimensions.keySet(), where);
                assertTrue(
                        resourcesOfType("AWS::Serverless::Function").containsKey(dimensions.get("FunctionName")),
                        where + ": FunctionName must be a function of this template");
            }
            case "AWS/SQS" -> {
                assertTrue(SQS_METRICS.contains(name), where + ": " + name);
                assertEquals(Set.of("QueueName"), dimensions.keySet(), where);
                String queue = dimensions.get("QueueName");
                assertTrue(
                        queue.endsWith(".QueueName")
                                && resourcesOfType("AWS::SQS::Queue")
                                        .containsKey(queue.substring(0, queue.indexOf('.'))),
                        where + ": QueueName " + queue);
            }
            case "MetricsNamespace" -> {
                Metric metric = Metric.named(name);
                assertNotNull(metric, where + ": the functions emit no metric " + name);
                assertEquals(
                        "AWS::StackName",
                        dimensions.get(Metric.SERVICE_DIMENSION),
                        where + ": Service is the stack name (METRICS_SERVICE)");
                Set<String> allowed = new HashSet<>(Set.of(Metric.SERVICE_DIMENSION));
                if (metric.breakdown() != null) {
                    allowed.add(metric.breakdown().cloudWatchName());
                }
                assertTrue(allowed.containsAll(dimensions.keySet()), where + ": dimensions " + dimensions.keySet());
            }
            default -> fail(where + ": namespace " + namespace + " is neither AWS/Lambda, AWS/SQS nor the stack's");
        }
    }

    @Test
    void alarms_watchMetricsThisStackHasAndNotifyTheTopic() {
        Map<String, JsonNode> alarms = resourcesOfType("AWS::CloudWatch::Alarm");
        for (String function : resourcesOfType("AWS::Serverless::Function").keySet()) {
            for (String metric : List.of("Errors", "Throttles")) {
                assertTrue(
                        alarms.values().stream()
                                .anyMatch(a -> a.path("MetricName").asText().equals(metric)
                                        && a.path("Dimensions")
                                                .get(0)
                                                .path("Value")
                                                .asText()
                                                .equals(function)),
                        function + " needs a " + metric + " alarm");
            }
        }
        for (String required : List.of("StatusRunsCompleted", "InputsFailed", "ApproximateAgeOfOldestMessage")) {
            assertTrue(
                    alarms.values().stream()
                            .anyMatch(a -> a.path("MetricName").asText().equals(required)),
                    "an alarm on " + required);
        }
        alarms.forEach((id, alarm) -> {
            Map<String, String> dimensions = new LinkedHashMap<>();
            alarm.path("Dimensions")
                    .forEach(d -> dimensions.put(
                            d.path("Name").asText(), d.path("Value").asText()));
            assertKnownMetric(
                    id,
                    alarm.path("Namespace").asText(),
                    alarm.path("MetricName").asText(),
                    dimensions);
            assertTrue(alarm.path("AlarmActions").toString().contains("AlarmTopicArn"), id + " notifies the topic");
            assertTrue(
                    Set.of("breaching", "notBreaching")
                            .contains(alarm.path("TreatMissingData").asText()),
                    id + " says what missing data means");
            if (alarm.path("Namespace").asText().equals("MetricsNamespace")) {
                assertTrue(
                        alarm.path("EvaluationPeriods").asInt() > 1
                                || alarm.path("Period").asInt() >= 900,
                        id + ": EMF datapoints land at flush time; look at several periods or a long one");
            }
        });
        assertEquals(
                "breaching",
                alarms.get("StatusNotCompletingAlarm").path("TreatMissingData").asText(),
                "a poller that never completes emits nothing");
    }

    @Test
    void dashboard_showsOnlyMetricsThisStackHas() throws Exception {
        String body = resourcesOfType("AWS::CloudWatch::Dashboard")
                .get("Dashboard")
                .path("DashboardBody")
                .asText();
        // Fn::Sub: ${Param}, ${Resource} and ${Resource.Attribute} become their names; ${!X} is a literal ${X}.
        String substituted = body.replace("${AWS::StackName}", "AWS::StackName")
                .replace("${AWS::Region}", "region")
                .replaceAll("\\$\\{([A-Za-z0-9]+(\\.[A-Za-z]+)?)}", "$1")
                .replace("${!", "${");
        JsonNode dashboard = new ObjectMapper().readTree(substituted);
        List<String> seen = new ArrayList<>();
        for (JsonNode widget : dashboard.path("widgets")) {
            JsonNode properties = widget.path("properties");
            String where = "widget '" + properties.path("title").asText() + "'";
            for (JsonNode metric : properties.path("metrics")) {
                if (metric.get(0).isObject()) {
                    String expression = metric.get(0).path("expression").asText();
                    Matcher search = Pattern.compile("\\{\"([^\"]+)\",Service,(\\w+)} MetricName=\"(\\w+)\" "
                                    + "Service=\"AWS::StackName\"")
                            .matcher(expression);
                    assertTrue(search.find(), where + ": " + expression);
                    assertEquals(Metric.named(search.group(3)).breakdown().cloudWatchName(), search.group(2), where);
                    assertKnownMetric(
                            where,
                            search.group(1),
                            search.group(3),
                            Map.of(Metric.SERVICE_DIMENSION, "AWS::StackName", search.group(2), "any"));
                    seen.add(search.group(3));
                    continue;
                }
                Map<String, String> dimensions = new LinkedHashMap<>();
                for (int i = 2; i + 1 < metric.size() && metric.get(i).isTextual(); i += 2) {
                    dimensions.put(metric.get(i).asText(), metric.get(i + 1).asText());
                }
                assertKnownMetric(where, metric.get(0).asText(), metric.get(1).asText(), dimensions);
                seen.add(metric.get(1).asText());
            }
            for (JsonNode alarm : properties.path("alarms")) {
                assertTrue(
                        resourcesOfType("AWS::CloudWatch::Alarm")
                                .containsKey(alarm.asText().replace(".Arn", "")),
                        where + ": " + alarm);
            }
            Matcher source = Pattern.compile("SOURCE '(\\w+)'")
                    .matcher(properties.path("query").asText());
            while (source.find()) {
                assertTrue(resourcesOfType("AWS::Logs::LogGroup").containsKey(source.group(1)), where);
            }
        }
        // A conditional alarm (of an optional part) cannot be named by the dashboard, which always exists.
        assertEquals(
                template.get("Resources").properties().stream()
                        .filter(e -> e.getValue().path("Type").asText().equals("AWS::CloudWatch::Alarm")
                                && !e.getValue().has("Condition"))
                        .count(),
                dashboard.findValues("alarms").get(0).size(),
                "every unconditional alarm on the dashboard");
        assertTrue(
                seen.containsAll(List.of(
                        "ObjectsReceived",
                        "ObjectsQueued",
                        "InputsPosted",
                        "InputsIndexed",
                        "InputsFailed",
                        "ClarifaiThrottles",
                        "ApproximateAgeOfOldestMessage",
                        "Errors",
                        "OldestPendingAge")),
                "the pipeline in -> queued -> posted -> indexed / failed, throttles, queue age, errors, pending age");
    }

    @Test
    void everyFunction_logsToItsOwnGroupWithTheRetentionParameter() {
        JsonNode retention = template.get("Parameters").get("LogRetentionInDays");
        retention.get("AllowedValues").forEach(v -> assertTrue(RETENTION_DAYS.contains(v.asInt()), v.toString()));
        assertTrue(RETENTION_DAYS.contains(retention.get("Default").asInt()));
        Map<String, JsonNode> groups = resourcesOfType("AWS::Logs::LogGroup");
        Set<String> used = new HashSet<>();
        for (Map.Entry<String, JsonNode> function : functions()) {
            String group = function.getValue()
                    .path("Properties")
                    .path("LoggingConfig")
                    .path("LogGroup")
                    .asText();
            assertTrue(groups.containsKey(group), function.getKey() + " logs to a group of this template");
            assertEquals(
                    "LogRetentionInDays",
                    groups.get(group).path("RetentionInDays").asText());
            assertTrue(used.add(group), "one group per function");
        }
        JsonNode logging = template.get("Globals").get("Function").get("LoggingConfig");
        assertEquals("JSON", logging.get("LogFormat").asText(), "application log level filtering needs JSON");
        resourcesOfType("AWS::Logs::QueryDefinition").forEach((id, query) -> {
            assertFalse(query.path("LogGroupNames").isEmpty(), id);
            query.path("LogGroupNames").forEach(g -> assertTrue(groups.containsKey(g.asText()), id + ": " + g));
        });
        assertEquals(3, resourcesOfType("AWS::Logs::QueryDefinition").size());
    }

    @Test
    void tracing_isAParameterOffByDefault() {
        JsonNode tracing = template.get("Parameters").get("TracingMode");
        assertEquals("PassThrough", tracing.get("Default").asText());
        assertEquals(
                "[\"PassThrough\",\"Active\"]", tracing.get("AllowedValues").toString());
        assertEquals(
                "TracingMode",
                template.get("Globals").get("Function").get("Tracing").asText());
    }

    @Test
    void statusFunction_neverOverlapsItself() {
        JsonNode status = template.get("Resources").get("StatusFunction").get("Properties");
        assertEquals(1, status.get("ReservedConcurrentExecutions").asInt());
        assertEquals(
                "ScheduleV2",
                status.get("Events").get("StatusSchedule").get("Type").asText());
    }

    @Test
    void bucket_isTheStacksOwnWithPlainNotificationsOrAnExistingOneFollowedThroughEventBridge() {
        JsonNode resources = template.get("Resources");
        JsonNode bucket = resources.get("ImagesBucket");
        assertEquals("CreateBucket", bucket.path("Condition").asText());
        List<String> notified = new ArrayList<>();
        bucket.at("/Properties/NotificationConfiguration/LambdaConfigurations")
                .forEach(c -> notified.add(
                        c.path("Event").asText() + "->" + c.path("Function").asText()));
        assertEquals(
                List.of(
                        "s3:ObjectCreated:*->EnqueueFunction.Alias",
                        "s3:ObjectTagging:*->EnqueueFunction.Alias",
                        "s3:ObjectRemoved:*->EnqueueFunction.Alias",
                        "s3:LifecycleExpiration:*->EnqueueFunction.Alias"),
                notified);
        // S3 checks it may invoke the functions when the configuration is saved.
        List<String> dependsOn = new ArrayList<>();
        bucket.path("DependsOn").forEach(d -> dependsOn.add(d.asText()));
        for (String permission : dependsOn) {
            assertEquals(
                    "s3.amazonaws.com",
                    resources.get(permission).at("/Properties/Principal").asText());
            assertEquals(
                    "CreateBucket", resources.get(permission).path("Condition").asText());
        }
        assertEquals(1, dependsOn.size());
        functions()
                .forEach(f -> assertTrue(
                        f.getValue().at("/Properties/Events").isMissingNode()
                                || f.getValue().at("/Properties/Events").properties().stream()
                                        .noneMatch(e -> e.getValue()
                                                .path("Type")
                                                .asText()
                                                .equals("S3")),
                        f.getKey() + ": SAM S3 events cannot be conditional"));

        Map<String, String> ruleTargets = new java.util.TreeMap<>();
        resources.properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals("AWS::Events::Rule")) {
                assertEquals("UseExistingBucket", e.getValue().path("Condition").asText(), e.getKey());
                ruleTargets.put(
                        e.getKey(), e.getValue().at("/Properties/Targets/0/Arn").asText());
                assertEquals(
                        "S3EventFailureQueue.Arn",
                        e.getValue()
                                .at("/Properties/Targets/0/DeadLetterConfig/Arn")
                                .asText(),
                        e.getKey());
            }
        });
        assertEquals(
                Map.of(
                        "ExistingBucketCreatedRule",
                        "EnqueueFunction.Alias",
                        "ExistingBucketDeletedRule",
                        "EnqueueFunction.Alias"),
                ruleTargets);
        assertEquals("", template.at("/Parameters/ExistingBucketName/Default").asText());
    }

    @Test
    void uploadFunction_readsOnlyTheChosenBucketUnderTheIncludePrefixes() {
        JsonNode policies = resourcesNamed("UploadFunction").at("/Properties/Policies");
        String text = policies.toString();
        assertFalse(text.contains("S3ReadPolicy"), "the managed template grants the whole bucket");
        assertTrue(text.contains("ExistingBucketName") && text.contains("IncludePrefix"), text);
        for (int i = 2; i <= 5; i++) {
            assertTrue(template.at("/Conditions").has("HasIncludePrefix" + i), "condition for prefix " + i);
        }
        assertTrue(java.util.regex.Pattern.compile(template.at("/Parameters/IncludePrefixes/AllowedPattern")
                        .asText())
                .matcher("a/,b c/,d/,e/,f/")
                .matches());
        assertFalse(
                java.util.regex.Pattern.compile(template.at("/Parameters/IncludePrefixes/AllowedPattern")
                                .asText())
                        .matcher("a/,b/,c/,d/,e/,f/")
                        .matches(),
                "six prefixes: IAM covers five");
        assertFalse(
                java.util.regex.Pattern.compile(template.at("/Parameters/IncludePrefixes/AllowedPattern")
                                .asText())
                        .matcher("a/, b/")
                        .matches(),
                "a space after the comma would silently miss b/");
    }

    @Test
    void snapStart_isAParameterAndEveryFunctionPublishesTheAliasItsTriggersInvoke() {
        JsonNode parameter = template.at("/Parameters/SnapStart");
        assertEquals(
                "[\"None\",\"PublishedVersions\"]",
                parameter.get("AllowedValues").toString());
        JsonNode globals = template.at("/Globals/Function");
        // SnapStart applies to published versions only; an alias published on every deploy, with SnapStart on or off,
        // keeps every trigger the same both ways (https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html).
        assertEquals("live", globals.path("AutoPublishAlias").asText());
        assertEquals("SnapStart", globals.at("/SnapStart/ApplyOn").asText(), "ApplyOn: !Ref SnapStart");
        for (Map.Entry<String, JsonNode> function : functions()) {
            JsonNode properties = function.getValue().path("Properties");
            assertTrue(
                    properties.path("AutoPublishAlias").isMissingNode()
                            && properties.path("SnapStart").isMissingNode(),
                    function.getKey() + " overrides Globals");
        }
        assertFalse(
                template.path("Conditions").toString().contains("SnapStart"),
                "no resource, trigger or alias may depend on the SnapStart parameter");
        for (String value : List.of("None", "PublishedVersions")) {
            assertEquals(List.of(), unqualifiedTriggers(value), "SnapStart=" + value);
        }
    }

    @Test
    void unqualifiedTriggers_areFoundWhereverATriggerNamesTheFunctionItself() throws Exception {
        String yaml = """
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                  Mapping:
                    Type: AWS::Lambda::EventSourceMapping
                    Properties:
                      FunctionName: !Ref F
                  Allowed:
                    Type: AWS::Lambda::Permission
                    Properties:
                      FunctionName: !GetAtt F.Arn
                  Rule:
                    Type: AWS::Events::Rule
                    Properties:
                      Targets:
                        - Arn: !Sub '${F.Arn}'
                  Good:
                    Type: AWS::Lambda::Permission
                    Properties:
                      FunctionName: !Ref F.Alias
                  Alarm:
                    Type: AWS::CloudWatch::Alarm
                    Properties:
                      Dimensions:
                        - Name: FunctionName
                          Value: !Ref F
                Outputs:
                  FunctionArn:
                    Value: !GetAtt F.Arn
                """;
        JsonNode other = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        assertEquals(
                List.of(
                        "Mapping: FunctionName names F",
                        "Allowed: F.Arn",
                        "Rule: ${F.Arn}",
                        "Outputs.FunctionArn: F.Arn"),
                unqualifiedTriggers(other));
    }

    /**
     * What invokes a function without its alias, with the SnapStart parameter's default set to {@code value}: the
     * wiring must not depend on it.
     */
    private static List<String> unqualifiedTriggers(String value) {
        JsonNode copy = template.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy.at("/Parameters/SnapStart")).put("Default", value);
        return unqualifiedTriggers(copy);
    }

    /**
     * Every reference to a function's unqualified ARN ({@code !GetAtt F.Arn}, {@code ${F.Arn}}) outside the function
     * itself, and every event source mapping or permission whose {@code FunctionName} is the function ({@code !Ref F})
     * rather than its alias ({@code !Ref F.Alias}). The short forms' tags are dropped by the YAML reader, so
     * {@code !GetAtt F.Arn} reads as {@code F.Arn}. Alarms and dashboards may name the function: metrics are per
     * function, not per alias.
     */
    private static List<String> unqualifiedTriggers(JsonNode document) {
        Set<String> functionIds = new HashSet<>();
        document.get("Resources").properties().forEach(e -> {
            if ("AWS::Serverless::Function".equals(e.getValue().path("Type").asText())) {
                functionIds.add(e.getKey());
            }
        });
        List<String> found = new ArrayList<>();
        document.get("Resources").properties().forEach(e -> {
            if (functionIds.contains(e.getKey())) {
                return;
            }
            String type = e.getValue().path("Type").asText();
            JsonNode functionName = e.getValue().at("/Properties/FunctionName");
            if ((type.equals("AWS::Lambda::EventSourceMapping")
                            || type.equals("AWS::Lambda::Permission")
                            || type.equals("AWS::Lambda::EventInvokeConfig"))
                    && functionIds.contains(functionName.asText())) {
                found.add(e.getKey() + ": FunctionName names " + functionName.asText());
            }
            unqualifiedArns(e.getValue(), functionIds, e.getKey(), found);
        });
        document.path("Outputs")
                .properties()
                .forEach(e -> unqualifiedArns(e.getValue(), functionIds, "Outputs." + e.getKey(), found));
        return found;
    }

    private static void unqualifiedArns(JsonNode node, Set<String> functionIds, String where, List<String> found) {
        if (node.isTextual()) {
            for (String id : functionIds) {
                String text = node.asText();
                if (text.equals(id + ".Arn") || text.contains("${" + id + ".Arn}")) {
                    found.add(where + ": " + text);
                }
            }
        } else if (node.isArray()
                && node.size() == 2
                && functionIds.contains(node.get(0).asText())
                && node.get(1).asText().equals("Arn")) {
            found.add(where + ": " + node.get(0).asText() + ".Arn");
        } else {
            node.forEach(child -> unqualifiedArns(child, functionIds, where, found));
        }
    }

    // ---- permissions -------------------------------------------------------------------------------------------

    /** The functions that GET object bytes (the base64 read, and the URLs Clarifai fetches); HEAD needs no key. */
    private static final Set<String> OBJECT_READERS = Set.of("UploadFunction");

    @Test
    void kmsKeyParameters_whenSet_letExactlyTheReadersDecryptThroughTheirService_andWhenEmptyNoOne() {
        String objectsKey = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        String secretKey = "arn:aws:kms:eu-west-1:123456789012:key/0987dcba-09fe-87dc-65ba-ab0987654321";
        Map<String, String> set = Map.of("ObjectsKmsKeyArn", objectsKey, "ApiKeySecretKmsKeyArn", secretKey);
        Map<String, Set<String>> expected = new java.util.TreeMap<>();
        for (Map.Entry<String, JsonNode> function : functions()) {
            Set<String> grants = new HashSet<>();
            if (OBJECT_READERS.contains(function.getKey())) {
                grants.add("ObjectsKmsKeyArn via s3.${AWS::Region}.amazonaws.com");
            }
            if (function.getValue()
                    .at("/Properties/Policies")
                    .toString()
                    .contains("AWSSecretsManagerGetSecretValuePolicy")) {
                grants.add("ApiKeySecretKmsKeyArn via secretsmanager.${AWS::Region}.amazonaws.com");
            }
            expected.put(function.getKey(), grants);
        }
        assertEquals(4, expected.values().stream().filter(g -> !g.isEmpty()).count(), "upload, labels, status, delete");

        assertEquals(expected, decryptGrants(set));
        Map<String, Set<String>> none = new java.util.TreeMap<>();
        functions().forEach(f -> none.put(f.getKey(), Set.of()));
        assertEquals(none, decryptGrants(Map.of()), "no key parameter, no kms permission");

        for (String parameter : set.keySet()) {
            Pattern allowed = Pattern.compile(
                    template.at("/Parameters/" + parameter + "/AllowedPattern").asText());
            assertEquals(
                    "", template.at("/Parameters/" + parameter + "/Default").asText());
            assertTrue(
                    allowed.matcher("").matches()
                            && allowed.matcher(set.get(parameter)).matches(),
                    parameter);
            assertFalse(
                    allowed.matcher("arn:aws:kms:eu-west-1:123456789012:alias/images")
                            .matches(),
                    parameter + ": IAM does not match a key by its alias");
        }
    }

    /** Per function, each kms:Decrypt it is granted as "resource parameter via service", with these parameters. */
    private static Map<String, Set<String>> decryptGrants(Map<String, String> parameters) {
        Map<String, Set<String>> grants = new java.util.TreeMap<>();
        for (Map.Entry<String, JsonNode> function : functions()) {
            Set<String> found = new HashSet<>();
            for (JsonNode policy : function.getValue().at("/Properties/Policies")) {
                // !If [Condition, then, else]: the YAML reader drops the tag and leaves the list.
                if (policy.isArray()
                        && policy.size() == 3
                        && template.at("/Conditions").has(policy.get(0).asText())) {
                    policy = condition(policy.get(0).asText(), parameters) ? policy.get(1) : policy.get(2);
                }
                statements(policy, parameters).forEach(statement -> {
                    String text = statement.toString();
                    if (text.contains("kms:")) {
                        assertEquals("Allow", statement.path("Effect").asText(), text);
                        assertEquals("kms:Decrypt", statement.path("Action").asText(), text);
                        List<String> keys = new ArrayList<>();
                        statement.at("/Condition/StringEquals").fieldNames().forEachRemaining(keys::add);
                        assertEquals(List.of("kms:ViaService"), keys, text);
                        found.add(statement.path("Resource").asText() + " via "
                                + statement
                                        .at("/Condition/StringEquals/kms:ViaService")
                                        .asText());
                    }
                });
            }
            grants.put(function.getKey(), found);
        }
        return grants;
    }

    /** An inline policy's statements, or those of a managed policy of the template if its condition holds. */
    private static List<JsonNode> statements(JsonNode policy, Map<String, String> parameters) {
        List<JsonNode> statements = new ArrayList<>();
        JsonNode managed = policy.isTextual() ? template.at("/Resources").path(policy.asText()) : null;
        if (managed != null && managed.path("Type").asText().equals("AWS::IAM::ManagedPolicy")) {
            if (!managed.has("Condition") || condition(managed.path("Condition").asText(), parameters)) {
                managed.at("/Properties/PolicyDocument/Statement").forEach(statements::add);
            }
        } else {
            policy.path("Statement").forEach(statements::add);
        }
        return statements;
    }

    /**
     * A condition of the template with these parameters (the others at their defaults). Tags dropped, {@code !Not [x]}
     * reads as a one-element list, {@code !Equals [a, b]} as two, {@code !Ref P} and {@code !Condition C} as names.
     */
    private static boolean condition(String name, Map<String, String> parameters) {
        return truth(template.at("/Conditions").get(name), parameters);
    }

    private static boolean truth(JsonNode node, Map<String, String> parameters) {
        if (node.isTextual()) {
            return condition(node.asText(), parameters);
        }
        if (node.size() == 1) {
            return !truth(node.get(0), parameters);
        }
        assertEquals(2, node.size(), "only !Not and !Equals of parameters are read here: " + node);
        return value(node.get(0), parameters).equals(value(node.get(1), parameters));
    }

    private static String value(JsonNode node, Map<String, String> parameters) {
        assertTrue(node.isTextual(), "only parameters and literals are read here: " + node);
        String name = node.asText();
        if (template.at("/Parameters").has(name)) {
            return parameters.getOrDefault(
                    name, template.at("/Parameters/" + name + "/Default").asText());
        }
        return name;
    }

    @Test
    void everyFunctionThatReadsObjects_mayListTheBucket_soAMissingKeyIsA404NotA403() {
        List<String> readers = new ArrayList<>();
        for (Map.Entry<String, JsonNode> function : functions()) {
            List<String> actions = new ArrayList<>();
            function.getValue()
                    .at("/Properties/Policies")
                    .forEach(policy -> policy.path("Statement")
                            .forEach(statement -> statement.path("Action").forEach(a -> actions.add(a.asText()))));
            if (actions.contains("s3:GetObject")) {
                readers.add(function.getKey());
                assertTrue(
                        actions.contains("s3:ListBucket"),
                        function.getKey()
                                + " reads objects without s3:ListBucket: S3 would answer 403 for a key just deleted");
            }
        }
        assertEquals(List.of("UploadFunction", "LabelsFunction", "BackfillFunction"), readers);
    }

    @Test
    void clarifaiApiBaseUrl_isHttps_orHttpOnlyForALoopbackHost() {
        Pattern allowed = Pattern.compile(
                template.at("/Parameters/ClarifaiApiBaseUrl/AllowedPattern").asText());
        for (String good : List.of(
                "https://api.clarifai.com",
                "https://api.clarifai.com/",
                "https://host:8443/base",
                "http://127.0.0.1:8080",
                "http://localhost:4000/",
                "http://[::1]:9000")) {
            assertTrue(allowed.matcher(good).matches(), good);
        }
        for (String bad : List.of(
                "http://api.clarifai.com",
                "HTTP://api.clarifai.com",
                "ftp://api.clarifai.com",
                "http://localhost.evil.example",
                "http://127.0.0.1.evil.example",
                "https://",
                "api.clarifai.com",
                "https://api.clarifai.com?x=1",
                "http://10.0.0.1")) {
            assertFalse(allowed.matcher(bad).matches(), bad);
        }
        assertTrue(allowed.matcher(
                        template.at("/Parameters/ClarifaiApiBaseUrl/Default").asText())
                .matches());
    }

    @Test
    void concurrencyParameters_haveCeilingsWithinClarifaisDefaultRateLimit() {
        // 15 requests/s by default (https://docs.clarifai.com/resources/api-overview/rate-limits).
        for (String parameter : List.of("UploadMaxConcurrency", "DeleteMaxConcurrency")) {
            JsonNode declaration = template.at("/Parameters/" + parameter);
            assertTrue(declaration.has("MaxValue"), parameter + " has a ceiling");
            assertTrue(declaration.get("MaxValue").asInt() <= 15, parameter);
            assertTrue(
                    declaration.get("Default").asInt()
                            <= declaration.get("MaxValue").asInt(),
                    parameter);
        }
    }

    private static JsonNode resourcesNamed(String logicalId) {
        return template.get("Resources").get(logicalId);
    }
}

package io.github.clarifais3sync.offline.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.offline.Log;
import io.github.clarifais3sync.offline.lambda.LambdaFunction;
import io.github.clarifais3sync.offline.template.Specs.EventRuleSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * S3's EventBridge delivery for a bucket the stack does not own: once EventBridge is turned on for the bucket, S3
 * sends every object event to the default bus as an {@code aws.s3} event, and each rule whose pattern matches invokes
 * its target functions asynchronously (https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventBridge.html).
 * The event is built from the same change the gateway reports as a notification record: detail-type, the key as is
 * (not URL-encoded), size, etag, version-id and sequencer under {@code detail.object}, reason and deletion-type
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html).
 */
public final class S3EventBridgeRouter {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One rule with the functions it targets. */
    public record Subscription(EventRuleSpec rule, List<LambdaFunction> targets) {}

    private final List<Subscription> subscriptions;
    private final AsyncInvoker invoker;
    private final Predicate<String> eventBridgeEnabled;
    private final String account;
    private final String region;

    /**
     * @param eventBridgeEnabled whether the bucket's notification configuration turns EventBridge on: S3 sends
     *                           nothing to EventBridge otherwise
     */
    public S3EventBridgeRouter(
            List<Subscription> subscriptions,
            AsyncInvoker invoker,
            Predicate<String> eventBridgeEnabled,
            String account,
            String region) {
        this.subscriptions = List.copyOf(subscriptions);
        this.invoker = invoker;
        this.eventBridgeEnabled = eventBridgeEnabled;
        this.account = account;
        this.region = region;
    }

    /** Routes one change, given as the notification record the gateway produced ({@code {"Records":[record]}}). */
    public void route(String bucket, String key, String notificationJson) {
        if (subscriptions.stream()
                .noneMatch(s -> s.rule().bucketNames().isEmpty()
                        || s.rule().bucketNames().contains(bucket))) {
            return;
        }
        if (!eventBridgeEnabled.test(bucket)) {
            Log.debug("eventbridge-source.off", "bucket", bucket, "key", key);
            return;
        }
        JsonNode event;
        try {
            event = toEventBridge(
                    JSON.readTree(notificationJson).path("Records").path(0), key);
        } catch (JsonProcessingException e) {
            Log.warn("eventbridge-source.unreadable", "bucket", bucket, "key", key, "error", e.getMessage());
            return;
        }
        if (event == null) {
            return;
        }
        String payload = event.toString();
        for (Subscription subscription : subscriptions) {
            if (matches(subscription.rule().pattern(), event)) {
                subscription.targets().forEach(function -> invoker.invoke(function, payload, "eventbridge"));
                Log.debug(
                        "eventbridge-source.delivered",
                        "rule",
                        subscription.rule().logicalId(),
                        "bucket",
                        bucket,
                        "key",
                        key,
                        "detailType",
                        event.path("detail-type").asText());
            }
        }
    }

    /** The EventBridge shape of one notification record; null for changes S3 sends no EventBridge event for. */
    public JsonNode toEventBridge(JsonNode record, String decodedKey) {
        String eventName = record.path("eventName").asText();
        String detailType;
        String reason = null;
        String deletionType = null;
        switch (eventName) {
            case "ObjectCreated:Put" -> {
                detailType = "Object Created";
                reason = "PutObject";
            }
            case "ObjectCreated:Post" -> {
                detailType = "Object Created";
                reason = "POST Object";
            }
            case "ObjectCreated:Copy" -> {
                detailType = "Object Created";
                reason = "CopyObject";
            }
            case "ObjectCreated:CompleteMultipartUpload" -> {
                detailType = "Object Created";
                reason = "CompleteMultipartUpload";
            }
            case "ObjectRemoved:Delete" -> {
                detailType = "Object Deleted";
                reason = "DeleteObject";
                deletionType = "Permanently Deleted";
            }
            case "ObjectRemoved:DeleteMarkerCreated" -> {
                detailType = "Object Deleted";
                reason = "DeleteObject";
                deletionType = "Delete Marker Created";
            }
            case "LifecycleExpiration:Delete" -> {
                detailType = "Object Deleted";
                reason = "Lifecycle Expiration";
                deletionType = "Permanently Deleted";
            }
            case "LifecycleExpiration:DeleteMarkerCreated" -> {
                detailType = "Object Deleted";
                reason = "Lifecycle Expiration";
                deletionType = "Delete Marker Created";
            }
            case "ObjectTagging:Put" -> detailType = "Object Tags Added";
            case "ObjectTagging:Delete" -> detailType = "Object Tags Deleted";
            default -> {
                return null;
            }
        }
        JsonNode s3 = record.path("s3");
        String bucket = s3.path("bucket").path("name").asText();
        JsonNode object = s3.path("object");
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", detailType);
        event.put("source", "aws.s3");
        event.put("account", account);
        event.put("time", time(record.path("eventTime").asText(null)));
        event.put("region", region);
        event.putArray("resources").add("arn:aws:s3:::" + bucket);
        ObjectNode detail = event.putObject("detail");
        detail.put("version", "0");
        detail.putObject("bucket").put("name", bucket);
        ObjectNode out = detail.putObject("object");
        out.put("key", decodedKey);
        boolean permanentDelete = "Permanently Deleted".equals(deletionType);
        if (object.has("size") && !permanentDelete) {
            out.put("size", object.path("size").asLong());
        }
        if (object.hasNonNull("eTag") && !permanentDelete) {
            out.put("etag", object.path("eTag").asText());
        }
        if (object.hasNonNull("versionId") && !object.path("versionId").asText().isEmpty()) {
            out.put("version-id", object.path("versionId").asText());
        }
        if (object.hasNonNull("sequencer")) {
            out.put("sequencer", object.path("sequencer").asText());
        }
        detail.put(
                "request-id",
                record.path("responseElements").path("x-amz-request-id").asText(""));
        detail.put("requester", account);
        detail.put(
                "source-ip-address",
                record.path("requestParameters").path("sourceIPAddress").asText(""));
        if (reason != null) {
            detail.put("reason", reason);
        }
        if (deletionType != null) {
            detail.put("deletion-type", deletionType);
        }
        return event;
    }

    /** EventBridge's {@code time} has whole seconds. */
    private static String time(String eventTime) {
        Instant instant = eventTime == null ? Instant.now() : Instant.parse(eventTime);
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * EventBridge pattern matching for what S3 rules use: nested objects, value lists, and the {@code prefix},
     * {@code suffix}, {@code anything-but}, {@code exists} and {@code equals-ignore-case} operators
     * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html).
     */
    public static boolean matches(Map<String, Object> pattern, JsonNode event) {
        for (Map.Entry<String, Object> field : pattern.entrySet()) {
            JsonNode value = event.get(field.getKey());
            if (field.getValue() instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> inner = (Map<String, Object>) nested;
                if (value == null || !value.isObject() || !matches(inner, value)) {
                    return false;
                }
            } else if (field.getValue() instanceof List<?> allowed) {
                if (allowed.stream().noneMatch(candidate -> matchesOne(candidate, value))) {
                    return false;
                }
            } else {
                throw new IllegalArgumentException(
                        "pattern field " + field.getKey() + " is neither an object nor a list");
            }
        }
        return true;
    }

    private static boolean matchesOne(Object candidate, JsonNode value) {
        if (candidate instanceof Map<?, ?> operator && operator.size() == 1) {
            Map.Entry<?, ?> only = operator.entrySet().iterator().next();
            String name = String.valueOf(only.getKey());
            Object argument = only.getValue();
            if (name.equals("exists")) {
                return Boolean.TRUE.equals(argument) == (value != null);
            }
            if (value == null || !value.isValueNode()) {
                return false;
            }
            String text = value.asText();
            return switch (name) {
                case "prefix" -> text.startsWith(String.valueOf(argument));
                case "suffix" -> text.endsWith(String.valueOf(argument));
                case "equals-ignore-case" -> text.equalsIgnoreCase(String.valueOf(argument));
                case "anything-but" ->
                    argument instanceof List<?> list
                            ? list.stream()
                                    .noneMatch(item -> String.valueOf(item).equals(text))
                            : argument instanceof Map<?, ?> inner
                                    ? !matchesOne(inner, value)
                                    : !String.valueOf(argument).equals(text);
                default ->
                    throw new IllegalArgumentException(
                            "EventBridge pattern operator " + name + " is not supported offline");
            };
        }
        if (value == null) {
            return false;
        }
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (matchesOne(candidate, item)) {
                    return true;
                }
            }
            return false;
        }
        return String.valueOf(candidate).equals(value.asText());
    }
}

package io.github.clarifais3sync.offline.template;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What the offline stack reads from the template, one record per kind of resource or event source. */
public final class Specs {

    private Specs() {}

    /**
     * An {@code AWS::Serverless::Function} after {@code Globals.Function} is applied. {@code alias} is its
     * {@code AutoPublishAlias} (null without one), which every trigger invokes; {@code snapStart} is true when
     * {@code SnapStart.ApplyOn} is {@code PublishedVersions}.
     */
    public record FunctionSpec(
            String logicalId,
            String functionName,
            String handler,
            int timeoutSeconds,
            int memorySize,
            Integer reservedConcurrency,
            String logFormat,
            String logLevel,
            Map<String, Object> rawEnvironment,
            AsyncInvokeSpec asyncInvoke,
            List<S3EventSpec> s3Events,
            List<SqsEventSpec> sqsEvents,
            List<ScheduleEventSpec> schedules,
            String alias,
            boolean snapStart) {

        /** The same function with {@code events} as its S3 events. */
        public FunctionSpec withS3Events(List<S3EventSpec> events) {
            return new FunctionSpec(
                    logicalId,
                    functionName,
                    handler,
                    timeoutSeconds,
                    memorySize,
                    reservedConcurrency,
                    logFormat,
                    logLevel,
                    rawEnvironment,
                    asyncInvoke,
                    events,
                    sqsEvents,
                    schedules,
                    alias,
                    snapStart);
        }
    }

    /**
     * {@code EventInvokeConfig}: retries and the on-failure destination of asynchronous invocations, which default to
     * 2 retries and 6 hours (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html).
     */
    public record AsyncInvokeSpec(
            int maximumRetryAttempts, int maximumEventAgeSeconds, String onFailureType, String onFailureLogicalId) {
        public static final AsyncInvokeSpec DEFAULT = new AsyncInvokeSpec(2, 21600, null, null);
    }

    /**
     * A SAM {@code Type: S3} event: the bucket, event types such as {@code s3:ObjectCreated:*} and key filter rules
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html).
     */
    public record S3EventSpec(String name, String bucketLogicalId, List<String> events, List<KeyFilterRule> rules) {

        /** {@code eventName} as S3 puts it in a record, without the {@code s3:} prefix, and the decoded key. */
        public boolean matches(String eventName, String key) {
            boolean typeMatches = events.stream()
                    .map(pattern -> pattern.startsWith("s3:") ? pattern.substring(3) : pattern)
                    .anyMatch(pattern -> pattern.endsWith("*")
                            ? eventName.startsWith(pattern.substring(0, pattern.length() - 1))
                            : eventName.equals(pattern));
            return typeMatches && rules.stream().allMatch(rule -> rule.matches(key));
        }
    }

    /** S3 filter rules compare the object key name, case-sensitively. */
    public record KeyFilterRule(String name, String value) {
        public boolean matches(String key) {
            return name.equalsIgnoreCase("prefix") ? key.startsWith(value) : key.endsWith(value);
        }
    }

    /** A SAM {@code Type: SQS} event: the event source mapping's settings. */
    public record SqsEventSpec(
            String name,
            String queueLogicalId,
            int batchSize,
            int maximumBatchingWindowSeconds,
            boolean reportBatchItemFailures,
            Integer maximumConcurrency,
            boolean enabled) {}

    /** A SAM {@code Type: Schedule} or {@code ScheduleV2} event; {@code rate} is null for cron/at expressions. */
    public record ScheduleEventSpec(
            String name, String type, String expression, Duration rate, String input, boolean enabled) {}

    public record QueueSpec(
            String logicalId,
            String queueName,
            boolean fifo,
            int visibilityTimeoutSeconds,
            int messageRetentionSeconds,
            int delaySeconds,
            String deadLetterQueueLogicalId,
            int maxReceiveCount) {}

    public record TableSpec(
            String logicalId,
            String tableName,
            String billingMode,
            List<KeyElement> keySchema,
            Map<String, String> attributeTypes,
            List<IndexSpec> globalSecondaryIndexes,
            String timeToLiveAttribute) {}

    public record KeyElement(String attributeName, String keyType) {}

    public record IndexSpec(
            String indexName, List<KeyElement> keySchema, String projectionType, List<String> nonKeyAttributes) {}

    public record BucketSpec(String logicalId, String bucketName) {}

    /**
     * An {@code AWS::Events::Rule} on the default bus whose targets are functions of the template: its event pattern
     * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html) and the targets' logical ids.
     */
    public record EventRuleSpec(
            String logicalId,
            Map<String, Object> pattern,
            List<String> targetFunctionIds,
            String deadLetterQueueLogicalId) {

        /** The bucket names the pattern's {@code detail.bucket.name} lists, if any. */
        @SuppressWarnings("unchecked")
        public List<String> bucketNames() {
            Object detail = pattern.get("detail");
            if (detail instanceof Map<?, ?> d
                    && d.get("bucket") instanceof Map<?, ?> bucket
                    && bucket.get("name") instanceof List<?> names) {
                return names.stream()
                        .filter(String.class::isInstance)
                        .map(String.class::cast)
                        .toList();
            }
            return List.of();
        }
    }
}

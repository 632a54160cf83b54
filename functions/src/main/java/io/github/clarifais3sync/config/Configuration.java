package io.github.clarifais3sync.config;

import io.github.clarifais3sync.concepts.LabelRules;
import io.github.clarifais3sync.inputs.BaseUrls;
import io.github.clarifais3sync.inputs.PathForm;
import io.github.clarifais3sync.model.KeyFilter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Each function's configuration: an immutable record per function, built once (in the handler's constructor) from
 * the function's environment, holding only what that function reads. Names and defaults are {@link Setting}'s; a
 * missing required or malformed value fails the build with a message naming the variable.
 */
public final class Configuration {

    public enum ImageSource {
        PRESIGNED_URL,
        BASE64
    }

    private Configuration() {}

    /** The ledger table and how long deleted versions stay in it. */
    public record Ledger(String table, Duration deletedItemTtl) {
        static Ledger from(Reader env) {
            return new Ledger(
                    env.required(Setting.LEDGER_TABLE),
                    Duration.ofDays(env.number(Setting.DELETED_ITEM_TTL_DAYS, 1, 36_500)));
        }
    }

    /** Where the Clarifai app is and which secret holds its key. */
    public record Clarifai(String baseUrl, PathForm pathForm, String userId, String appId, String apiKeySecret) {
        static Clarifai from(Reader env) {
            PathForm form;
            try {
                form = PathForm.fromSetting(env.text(Setting.CLARIFAI_PATH_FORM));
            } catch (IllegalArgumentException unknown) {
                throw env.invalid(Setting.CLARIFAI_PATH_FORM, "app-key or user-app");
            }
            String baseUrl = env.text(Setting.CLARIFAI_API_BASE_URL);
            if (BaseUrls.problem(baseUrl) != null) {
                throw env.invalid(Setting.CLARIFAI_API_BASE_URL, BaseUrls.RULE);
            }
            return new Clarifai(
                    baseUrl,
                    form,
                    env.text(Setting.CLARIFAI_USER_ID),
                    env.text(Setting.CLARIFAI_APP_ID),
                    env.required(Setting.CLARIFAI_API_KEY_SECRET));
        }
    }

    /** Where the function's metrics go: the namespace, the stack's {@code Service} dimension and the function. */
    public record Metrics(String namespace, String service, String functionName) {
        public static Metrics from(Map<String, String> environment) {
            Reader env = new Reader(environment);
            String namespace = env.text(Setting.METRICS_NAMESPACE);
            // CloudWatch namespaces: letters, digits and . _ # : / - (and not AWS/, which is AWS's own).
            if (!namespace.matches("[A-Za-z0-9._#:/-]{1,255}") || namespace.startsWith("AWS/")) {
                throw env.invalid(
                        Setting.METRICS_NAMESPACE,
                        "a custom CloudWatch namespace ([A-Za-z0-9._#:/-], " + "not starting with AWS/)");
            }
            return new Metrics(
                    namespace, env.text(Setting.METRICS_SERVICE), env.text(Setting.AWS_LAMBDA_FUNCTION_NAME));
        }
    }

    /**
     * @param labelsQueueUrl   where tag changes go; blank when the stack does not follow them
     * @param removalsQueueUrl where removals go; blank when the delete function gets them from S3 itself
     */
    public record Enqueue(
            Ledger ledger, String queueUrl, KeyFilter keys, String labelsQueueUrl, String removalsQueueUrl) {
        public static Enqueue from(Map<String, String> environment) {
            Reader env = new Reader(environment);
            return new Enqueue(
                    Ledger.from(env),
                    env.required(Setting.QUEUE_URL),
                    env.keyFilter(),
                    env.text(Setting.LABELS_QUEUE_URL),
                    env.text(Setting.REMOVALS_QUEUE_URL));
        }
    }

    /**
     * The labels function: its own queue (for the retry backoff), the rules, the upload's parallelism, and how long a
     * partial last request is held back.
     */
    public record Labels(
            Ledger ledger,
            Clarifai clarifai,
            String queueUrl,
            KeyFilter keys,
            LabelRules labelRules,
            int parallelism,
            Duration retryBase,
            Duration retryMax,
            Duration hold) {
        public static Labels from(Map<String, String> environment) {
            Reader env = new Reader(environment);
            return new Labels(
                    Ledger.from(env),
                    Clarifai.from(env),
                    env.required(Setting.QUEUE_URL),
                    env.keyFilter(),
                    env.labelRules(),
                    (int) env.number(Setting.UPLOAD_PARALLELISM, 1, 128),
                    Duration.ofSeconds(env.number(Setting.UPLOAD_RETRY_BASE_SECONDS, 0, 43_200)),
                    Duration.ofSeconds(env.number(Setting.UPLOAD_RETRY_MAX_SECONDS, 0, 43_200)),
                    Duration.ofSeconds(env.number(Setting.LABELS_HOLD_SECONDS, 0, 3_600)));
        }
    }

    /**
     * @param retryBase first delay before a retried message comes back; doubles per receive up to {@code retryMax}
     */
    public record Upload(
            Ledger ledger,
            Clarifai clarifai,
            String queueUrl,
            ImageSource imageSource,
            Duration presignedUrlTtl,
            long maxRequestBytes,
            int parallelism,
            Duration retryBase,
            Duration retryMax,
            LabelRules labelRules) {
        public static Upload from(Map<String, String> environment) {
            Reader env = new Reader(environment);
            String source = env.text(Setting.IMAGE_SOURCE).toLowerCase(Locale.ROOT);
            ImageSource imageSource = switch (source) {
                case "presigned-url" -> ImageSource.PRESIGNED_URL;
                case "base64" -> ImageSource.BASE64;
                default -> throw env.invalid(Setting.IMAGE_SOURCE, "presigned-url or base64");
            };
            return new Upload(
                    Ledger.from(env),
                    Clarifai.from(env),
                    env.required(Setting.QUEUE_URL),
                    imageSource,
                    Duration.ofSeconds(env.number(Setting.PRESIGNED_URL_TTL_SECONDS, 1, 604_800)),
                    env.number(Setting.MAX_REQUEST_BYTES, 1, Long.MAX_VALUE),
                    (int) env.number(Setting.UPLOAD_PARALLELISM, 1, 128),
                    Duration.ofSeconds(env.number(Setting.UPLOAD_RETRY_BASE_SECONDS, 0, 43_200)),
                    Duration.ofSeconds(env.number(Setting.UPLOAD_RETRY_MAX_SECONDS, 0, 43_200)),
                    env.labelRules());
        }
    }

    /**
     * @param maxAttempts adds a version may take in all before a passing failure is recorded as final
     * @param retryDelay  how long a version waits on the queue before it is posted again (SQS: at most 900 s)
     */
    public record Status(
            Ledger ledger,
            Clarifai clarifai,
            String queueUrl,
            Duration giveUpAfter,
            int maxAttempts,
            Duration retryDelay) {
        public static Status from(Map<String, String> environment) {
            Reader env = new Reader(environment);
            return new Status(
                    Ledger.from(env),
                    Clarifai.from(env),
                    env.required(Setting.QUEUE_URL),
                    Duration.ofMinutes(env.number(Setting.STATUS_GIVE_UP_MINUTES, 1, Long.MAX_VALUE / 60)),
                    (int) env.number(Setting.STATUS_MAX_ATTEMPTS, 1, 1000),
                    Duration.ofSeconds(env.number(Setting.STATUS_RETRY_DELAY_SECONDS, 0, 900)));
        }
    }

    /**
     * The delete function: its removals queue (for the retry backoff; blank when it is invoked by S3 directly) and
     * the backoff and the parallelism of its ledger reads and writes, the upload function's.
     */
    public record Delete(
            Ledger ledger, Clarifai clarifai, String queueUrl, Duration retryBase, Duration retryMax, int parallelism) {
        public static Delete from(Map<String, String> environment) {
            Reader env = new Reader(environment);
            return new Delete(
                    Ledger.from(env),
                    Clarifai.from(env),
                    env.text(Setting.QUEUE_URL),
                    Duration.ofSeconds(env.number(Setting.UPLOAD_RETRY_BASE_SECONDS, 0, 43_200)),
                    Duration.ofSeconds(env.number(Setting.UPLOAD_RETRY_MAX_SECONDS, 0, 43_200)),
                    (int) env.number(Setting.UPLOAD_PARALLELISM, 1, 128));
        }
    }

    /** Reads settings from one environment, each with its default from {@link Setting}. */
    static final class Reader {
        private final Map<String, String> environment;

        Reader(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
        }

        String required(Setting setting) {
            String value = environment.get(setting.name());
            if (value == null || value.isBlank()) {
                throw new IllegalStateException(
                        "Environment variable " + setting.name() + " is not set (template.yaml sets it)");
            }
            return value.strip();
        }

        String text(Setting setting) {
            String value = environment.get(setting.name());
            return value == null || value.isBlank() ? setting.defaultValue() : value.strip();
        }

        long number(Setting setting, long min, long max) {
            String value = text(setting);
            try {
                long number = Long.parseLong(value);
                if (number < min || number > max) {
                    throw invalid(setting, "a whole number from " + min + " to " + max);
                }
                return number;
            } catch (NumberFormatException e) {
                throw invalid(setting, "a whole number");
            }
        }

        /** The synced part of the bucket: include and exclude prefixes, image suffixes. */
        KeyFilter keyFilter() {
            return KeyFilter.of(
                    text(Setting.INCLUDE_PREFIXES), text(Setting.EXCLUDE_PREFIXES), text(Setting.IMAGE_SUFFIXES));
        }

        /** How keys and tags become concepts (docs/labels.md). */
        LabelRules labelRules() {
            try {
                return LabelRules.of(
                        text(Setting.LABEL_PREFIXES),
                        (int) number(Setting.LABEL_PATH_SEGMENT, 0, 100),
                        text(Setting.LABEL_VALUE_TAGS),
                        flagTagPrefix());
            } catch (IllegalArgumentException malformed) {
                throw new IllegalStateException("Label rules: " + malformed.getMessage(), malformed);
            }
        }

        /** A blank setting means the default, so flag tags are turned off with the word {@code none}. */
        private String flagTagPrefix() {
            String prefix = text(Setting.LABEL_FLAG_TAG_PREFIX);
            return prefix.equalsIgnoreCase("none") ? "" : prefix;
        }

        IllegalStateException invalid(Setting setting, String expected) {
            return new IllegalStateException("Environment variable " + setting.name() + " must be " + expected
                    + ", was '" + environment.get(setting.name()) + "'");
        }
    }
}

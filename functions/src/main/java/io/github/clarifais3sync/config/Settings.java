package io.github.clarifais3sync.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The functions' configuration, read from the Lambda environment that template.yaml sets. Values are checked when
 * first used, so a function only needs the variables it uses; a missing or malformed one fails with a message naming
 * the variable.
 */
public final class Settings {

    public enum ImageSource { PRESIGNED_URL, BASE64 }

    private final Map<String, String> env;

    public Settings(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public String ledgerTable() {
        return required("LEDGER_TABLE");
    }

    public String queueUrl() {
        return required("QUEUE_URL");
    }

    public String clarifaiBaseUrl() {
        return optional("CLARIFAI_API_BASE_URL", "https://api.clarifai.com");
    }

    public String clarifaiPathForm() {
        return optional("CLARIFAI_PATH_FORM", "user-app");
    }

    public String clarifaiUserId() {
        return optional("CLARIFAI_USER_ID", "me");
    }

    public String clarifaiAppId() {
        return optional("CLARIFAI_APP_ID", "");
    }

    /** Name or ARN of the Secrets Manager secret holding the API key; the key itself is never in the environment. */
    public String apiKeySecret() {
        return required("CLARIFAI_API_KEY_SECRET");
    }

    public ImageSource imageSource() {
        String value = optional("IMAGE_SOURCE", "presigned-url").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "presigned-url" -> ImageSource.PRESIGNED_URL;
            case "base64" -> ImageSource.BASE64;
            default -> throw new IllegalStateException(
                    "IMAGE_SOURCE must be presigned-url or base64, was '" + value + "'");
        };
    }

    public Duration presignedUrlTtl() {
        return Duration.ofSeconds(number("PRESIGNED_URL_TTL_SECONDS", 21_600));
    }

    /** Lower-case key suffixes treated as images. */
    public List<String> imageSuffixes() {
        return Arrays.stream(optional("IMAGE_SUFFIXES", ".jpg,.jpeg,.png,.gif,.bmp,.tif,.tiff,.webp").split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** Largest add request the upload function builds in base64 mode (Clarifai's limit is 128 MB). */
    public long maxRequestBytes() {
        return number("MAX_REQUEST_BYTES", 64L * 1024 * 1024);
    }

    /** How many objects of a batch the upload function works on at once (ledger, S3 HEAD, bytes). */
    public int uploadParallelism() {
        return (int) Math.max(1, Math.min(128, number("UPLOAD_PARALLELISM", 16)));
    }

    public Duration statusGiveUpAfter() {
        return Duration.ofMinutes(number("STATUS_GIVE_UP_MINUTES", 1440));
    }

    /** Adds a version may take in all before an asynchronous failure for a passing reason is final. */
    public int statusMaxAttempts() {
        return (int) Math.max(1, number("STATUS_MAX_ATTEMPTS", 3));
    }

    /** Delay before a version that failed for a passing reason is posted again (SQS allows up to 900 s). */
    public Duration statusRetryDelay() {
        return Duration.ofSeconds(Math.max(0, Math.min(900, number("STATUS_RETRY_DELAY_SECONDS", 900))));
    }

    public Duration deletedItemTtl() {
        return Duration.ofDays(number("DELETED_ITEM_TTL_DAYS", 30));
    }

    public String region() {
        return optional("AWS_REGION", optional("AWS_DEFAULT_REGION", "us-east-1"));
    }

    /**
     * Endpoint for one AWS service: {@code AWS_ENDPOINT_URL_<SERVICE>} (e.g. {@code AWS_ENDPOINT_URL_S3}), else
     * {@code AWS_ENDPOINT_URL}, else null for the real AWS endpoint. The same variables the AWS CLI and SDKs read.
     */
    public String endpointFor(String serviceEnvName) {
        String specific = env.get("AWS_ENDPOINT_URL_" + serviceEnvName);
        if (specific != null && !specific.isBlank()) {
            return specific.strip();
        }
        String general = env.get("AWS_ENDPOINT_URL");
        return general == null || general.isBlank() ? null : general.strip();
    }

    /** Static credentials from the environment, as Lambda provides them; null to use the default provider chain. */
    public String[] credentials() {
        String id = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (id == null || secret == null || id.isBlank() || secret.isBlank()) {
            return null;
        }
        return new String[] {id, secret, env.get("AWS_SESSION_TOKEN")};
    }

    private String required(String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Environment variable " + name + " is not set (template.yaml sets it)");
        }
        return value.strip();
    }

    private String optional(String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private long number(String name, long fallback) {
        String value = optional(name, Long.toString(fallback));
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Environment variable " + name + " must be a whole number, was '" + value
                    + "'");
        }
    }
}

package io.github.clarifais3sync.config;

/**
 * Every environment variable the functions read, with its default: the one place a default is written in the code.
 * template.yaml sets these (its parameters' defaults must equal these; TemplateTest checks). A setting without a
 * default is required by the functions that use it.
 */
public enum Setting {
    LEDGER_TABLE(null),
    /** Upload queue URL: where enqueue sends, status re-adds go, and upload changes a retried message's visibility. */
    QUEUE_URL(null),
    CLARIFAI_API_BASE_URL("https://api.clarifai.com"),
    /** {@code user-app} (/v2/users/{user}/apps/{app}/inputs, needed with a PAT) or {@code app-key} (/v2/inputs). */
    CLARIFAI_PATH_FORM("user-app"),
    CLARIFAI_USER_ID("me"),
    CLARIFAI_APP_ID(""),
    /** Name or ARN of the Secrets Manager secret holding the key; the key itself is never in the environment. */
    CLARIFAI_API_KEY_SECRET(null),
    /** {@code presigned-url} or {@code base64}. */
    IMAGE_SOURCE("presigned-url"),
    PRESIGNED_URL_TTL_SECONDS("21600"),
    /** Comma-separated, case-insensitive key suffixes treated as images. */
    IMAGE_SUFFIXES(".jpg,.jpeg,.png,.gif,.bmp,.tif,.tiff,.webp"),
    /** Comma-separated key prefixes to sync; empty syncs the whole bucket. */
    INCLUDE_PREFIXES(""),
    /** Comma-separated key prefixes never synced, even under an include prefix. */
    EXCLUDE_PREFIXES(""),
    /** Labels queue URL: where the enqueue function sends tag changes; blank: tag changes are not followed. */
    LABELS_QUEUE_URL(""),
    /** Removals queue URL: where the enqueue function sends removals; blank: the delete function gets them from S3. */
    REMOVALS_QUEUE_URL(""),
    /** Label rules (docs/labels.md): {@code prefix=concept[+concept]}, comma-separated. */
    LABEL_PREFIXES(""),
    /** Label rules: the n-th folder of a key names a concept (1 = top folder); 0 turns it off. */
    LABEL_PATH_SEGMENT("0"),
    /** Label rules: comma-separated tag keys whose value names a concept. */
    LABEL_VALUE_TAGS(""),
    /** Label rules: tags {@code <prefix><concept>} with value 1 or 0 set a concept positive or negative; {@code none}: off. */
    LABEL_FLAG_TAG_PREFIX("concept:"),
    /** Largest add request the upload function builds in base64 mode (Clarifai's limit is 128 MB). */
    MAX_REQUEST_BYTES("67108864"),
    /**
     * How long the labels function holds a partial last PATCH request back so the rest of a burst of tag changes joins
     * it (docs/labels.md); 0 sends it at once.
     */
    LABELS_HOLD_SECONDS("30"),
    /** Objects of a batch the upload function works on at once (ledger, S3 HEAD, bytes). */
    UPLOAD_PARALLELISM("16"),
    /** First delay before a retried upload message comes back; doubles with each receive. */
    UPLOAD_RETRY_BASE_SECONDS("20"),
    /** Longest delay before a retried upload message comes back. */
    UPLOAD_RETRY_MAX_SECONDS("900"),
    STATUS_GIVE_UP_MINUTES("1440"),
    /** Adds a version may take in all before an asynchronous failure for a passing reason is final. */
    STATUS_MAX_ATTEMPTS("3"),
    /** Delay before a version that failed for a passing reason is posted again (SQS allows up to 900 s). */
    STATUS_RETRY_DELAY_SECONDS("900"),
    DELETED_ITEM_TTL_DAYS("30"),
    /** CloudWatch namespace of the functions' metrics (docs/monitoring.md "Metrics"). */
    METRICS_NAMESPACE("ClarifaiS3Sync"),
    /** The {@code Service} dimension of every metric: the stack name, so stacks sharing a namespace stay apart. */
    METRICS_SERVICE("clarifai-s3-sync"),
    /** Set by Lambda itself (a reserved variable, not by the template): the function's name. */
    AWS_LAMBDA_FUNCTION_NAME("unnamed-function");

    private final String defaultValue;

    Setting(String defaultValue) {
        this.defaultValue = defaultValue;
    }

    /** The default, or null when the setting is required. */
    public String defaultValue() {
        return defaultValue;
    }
}

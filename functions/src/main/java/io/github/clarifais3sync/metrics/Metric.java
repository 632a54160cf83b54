package io.github.clarifais3sync.metrics;

/**
 * Every metric the functions emit: the one list (docs/monitoring.md "Metrics" documents it; template alarms and the
 * dashboard may name only these). All are in one namespace with the dimension {@code Service} (the stack name); a
 * metric with a {@link #breakdown()} is published twice, once with {@code Service} alone (the total) and once with
 * {@code Service} and the breakdown dimension, so alarms watch the total and dashboards split it.
 *
 * <p>{@link Aggregation#SUM} metrics are added up within an invocation and emitted as one value;
 * {@link Aggregation#EACH} metrics keep every value (distributions: averages and percentiles are meaningful).
 * Each distinct combination of namespace, name and dimension values is a billed custom metric
 * (https://aws.amazon.com/cloudwatch/pricing/), so breakdown values come from small fixed sets.
 */
public enum Metric {
    /** S3 ObjectCreated records the enqueue function received. */
    OBJECTS_RECEIVED("ObjectsReceived", Unit.COUNT, Aggregation.SUM, null),
    /** Object versions put on the upload queue (enqueue). */
    OBJECTS_QUEUED("ObjectsQueued", Unit.COUNT, Aggregation.SUM, null),
    /** Objects not uploaded, by {@link SkipReason}: at enqueue (not an image…) or at upload (deleted since…). */
    OBJECTS_SKIPPED("ObjectsSkipped", Unit.COUNT, Aggregation.SUM, Dimension.REASON),
    /** Add-inputs calls (a 40033 split counts each half). */
    ADD_REQUESTS("AddRequests", Unit.COUNT, Aggregation.SUM, null),
    /** Inputs carried by each add-inputs call. */
    INPUTS_PER_ADD("InputsPerAdd", Unit.COUNT, Aggregation.EACH, null),
    /** Inputs an add accepted (duplicates of an existing id included). */
    INPUTS_POSTED("InputsPosted", Unit.COUNT, Aggregation.SUM, null),
    /** Adds answered "this id already exists": a redelivery of an input already in the app. */
    INPUTS_DUPLICATE("InputsDuplicate", Unit.COUNT, Aggregation.SUM, null),
    /** Requests to Clarifai sent again (throttled, unavailable, or inputs refused for a passing reason). */
    CLARIFAI_RETRIES("ClarifaiRetries", Unit.COUNT, Aggregation.SUM, Dimension.FUNCTION_NAME),
    /** Throttling answers from Clarifai: HTTP 429, 11005 or 11003, retried or not. */
    CLARIFAI_THROTTLES("ClarifaiThrottles", Unit.COUNT, Aggregation.SUM, Dimension.FUNCTION_NAME),
    /** Upload messages handed back to the queue to come back after the backoff. */
    MESSAGES_RETRIED("MessagesRetried", Unit.COUNT, Aggregation.SUM, null),
    /** Inputs Clarifai reported indexed (30000). */
    INPUTS_INDEXED("InputsIndexed", Unit.COUNT, Aggregation.SUM, null),
    /** Inputs recorded failed for good, by Clarifai status code (at add or in processing; give-ups included). */
    INPUTS_FAILED("InputsFailed", Unit.COUNT, Aggregation.SUM, Dimension.CODE),
    /** Inputs that failed for a passing reason and were queued to be posted again. */
    INPUTS_REQUEUED("InputsRequeued", Unit.COUNT, Aggregation.SUM, null),
    /** Seconds from the object's put (S3 eventTime) to the status check that found its input indexed. */
    PUT_TO_INDEXED("PutToIndexed", Unit.SECONDS, Aggregation.EACH, null),
    /** Inputs posted and not final after a status run (checked and still processing, or left unchecked). */
    INPUTS_PENDING("InputsPending", Unit.COUNT, Aggregation.EACH, null),
    /** Seconds since the oldest pending input was posted, after a status run (0 when none is pending). */
    OLDEST_PENDING_AGE("OldestPendingAge", Unit.SECONDS, Aggregation.EACH, null),
    /** Inputs deleted from the app: removed objects, and older versions of overwritten ones. */
    INPUTS_DELETED("InputsDeleted", Unit.COUNT, Aggregation.SUM, null),
    /** Status runs that completed (1 per run); missing data means the poller is not completing. */
    STATUS_RUNS_COMPLETED("StatusRunsCompleted", Unit.COUNT, Aggregation.SUM, null);

    /** The dimension every metric carries. */
    public static final String SERVICE_DIMENSION = "Service";

    /** CloudWatch units used here (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html). */
    public enum Unit {
        COUNT("Count"),
        SECONDS("Seconds");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        public String cloudWatchName() {
            return cloudWatchName;
        }
    }

    public enum Aggregation {
        SUM,
        EACH
    }

    /** Breakdown dimensions; their values come from small fixed sets. */
    public enum Dimension {
        /** A {@link SkipReason}. */
        REASON("Reason"),
        /** A Clarifai status code (a fixed, documented list; in practice a handful appear). */
        CODE("Code"),
        /** The function's name, filled in by the metrics of that function. */
        FUNCTION_NAME("FunctionName");

        private final String cloudWatchName;

        Dimension(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        public String cloudWatchName() {
            return cloudWatchName;
        }
    }

    private final String cloudWatchName;
    private final Unit unit;
    private final Aggregation aggregation;
    private final Dimension breakdown;

    Metric(String cloudWatchName, Unit unit, Aggregation aggregation, Dimension breakdown) {
        this.cloudWatchName = cloudWatchName;
        this.unit = unit;
        this.aggregation = aggregation;
        this.breakdown = breakdown;
    }

    /** The name in CloudWatch. */
    public String cloudWatchName() {
        return cloudWatchName;
    }

    public Unit unit() {
        return unit;
    }

    public Aggregation aggregation() {
        return aggregation;
    }

    /** The breakdown dimension, or null for a metric published with {@code Service} alone. */
    public Dimension breakdown() {
        return breakdown;
    }

    /** The metric with this CloudWatch name, or null. */
    public static Metric named(String cloudWatchName) {
        for (Metric metric : values()) {
            if (metric.cloudWatchName.equals(cloudWatchName)) {
                return metric;
            }
        }
        return null;
    }
}

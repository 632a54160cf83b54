package io.github.clarifais3sync.metrics;

/**
 * The functions' one metrics API. Services record; the handler flushes once at the end of every invocation, also
 * when it throws. Implementations are thread-safe (the upload function records from parallel steps) and cheap to
 * create: nothing is serialized before {@link #flush()}.
 */
public interface Metrics {

    /** Metrics that go nowhere, for code run outside a function (tools, some tests). */
    Metrics NONE = new Metrics() {
        @Override
        public void record(Metric metric, double value) {}

        @Override
        public void record(Metric metric, String breakdownValue, double value) {}

        @Override
        public void flush() {}
    };

    /**
     * Adds {@code value} to a metric without a breakdown, or to one whose breakdown is the function name. Summed
     * within the invocation or kept as one more value, as {@link Metric#aggregation()} says.
     *
     * @throws IllegalArgumentException for a metric that needs a breakdown value
     */
    void record(Metric metric, double value);

    /** Adds {@code value} to a metric under one value of its breakdown dimension (a reason, a status code). */
    void record(Metric metric, String breakdownValue, double value);

    /** Adds one to a counting metric. */
    default void increment(Metric metric) {
        record(metric, 1);
    }

    default void skipped(SkipReason reason) {
        record(Metric.OBJECTS_SKIPPED, reason.value(), 1);
    }

    default void failed(int statusCode) {
        record(Metric.INPUTS_FAILED, Integer.toString(statusCode), 1);
    }

    /** Writes what was recorded since the last flush and starts afresh; never throws. */
    void flush();
}

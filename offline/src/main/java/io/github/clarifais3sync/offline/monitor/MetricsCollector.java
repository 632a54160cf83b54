package io.github.clarifais3sync.offline.monitor;

import io.github.clarifais3sync.metrics.Metric;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Collects the metrics the offline stack's functions emit, from their standard output as CloudWatch would: only EMF
 * lines of the stack's namespace whose {@code Service} dimension is the stack. Keeps every record (up to a bound)
 * and answers totals and time series, the way CloudWatch aggregates: a metric's total counts every line, since
 * every line carries the {@code Service}-only dimension set; a breakdown counts the lines with that dimension.
 */
public final class MetricsCollector implements Consumer<String> {

    /** Records kept; older ones are dropped from the list (totals keep counting). */
    static final int MAX_RECORDS = 50_000;

    /** A metric's aggregate: under its name alone, or under one breakdown value ("Code=30002"). */
    public record Total(String name, String unit, String breakdown, double sum, double last, long values) {}

    private final String namespace;
    private final String service;
    private final List<EmfRecord> records = new ArrayList<>();
    private final Map<String, Total> totals = new TreeMap<>();

    public MetricsCollector(String namespace, String service) {
        this.namespace = namespace;
        this.service = service;
    }

    public String namespace() {
        return namespace;
    }

    public String service() {
        return service;
    }

    @Override
    public void accept(String line) {
        EmfRecord.parse(line)
                .filter(r -> r.namespace().equals(namespace)
                        && service.equals(r.dimensions().get(Metric.SERVICE_DIMENSION)))
                .ifPresent(this::add);
    }

    private synchronized void add(EmfRecord record) {
        records.add(record);
        if (records.size() > MAX_RECORDS) {
            records.remove(0);
        }
        for (EmfRecord.MetricValues metric : record.metrics()) {
            addTo(metric.name(), metric, "");
            if (!record.breakdown().isEmpty()) {
                addTo(metric.name() + "/" + record.breakdown(), metric, record.breakdown());
            }
        }
    }

    private void addTo(String key, EmfRecord.MetricValues metric, String breakdown) {
        if (metric.values().isEmpty()) {
            return;
        }
        Total before = totals.get(key);
        double last = metric.values().get(metric.values().size() - 1);
        totals.put(
                key,
                before == null
                        ? new Total(
                                metric.name(),
                                metric.unit(),
                                breakdown,
                                metric.sum(),
                                last,
                                metric.values().size())
                        : new Total(
                                metric.name(),
                                metric.unit(),
                                breakdown,
                                before.sum() + metric.sum(),
                                last,
                                before.values() + metric.values().size()));
    }

    /** Every record kept, oldest first. */
    public synchronized List<EmfRecord> records() {
        return List.copyOf(records);
    }

    /** Totals by "Name" and "Name/Dimension=value". */
    public synchronized Map<String, Total> totals() {
        return new LinkedHashMap<>(totals);
    }

    /** The sum of every value of a metric (all breakdowns). */
    public synchronized double sum(String name) {
        Total total = totals.get(name);
        return total == null ? 0 : total.sum();
    }

    /**
     * One series per metric name since {@code since}, in buckets of {@code bucket}: the bucket's sum for counting
     * metrics, its largest value for the others (gauges and distributions: InputsPending, PutToIndexed, …).
     *
     * @return name to bucket start (epoch ms) to value
     */
    public synchronized Map<String, TreeMap<Long, Double>> series(Instant since, Duration bucket) {
        Map<String, TreeMap<Long, Double>> series = new TreeMap<>();
        long width = bucket.toMillis();
        for (EmfRecord record : records) {
            if (record.timestamp().isBefore(since)) {
                continue;
            }
            long start = record.timestamp().toEpochMilli() / width * width;
            for (EmfRecord.MetricValues metric : record.metrics()) {
                Metric known = Metric.named(metric.name());
                boolean sums = known == null || known.aggregation() == Metric.Aggregation.SUM;
                double value = sums
                        ? metric.sum()
                        : metric.values().stream()
                                .mapToDouble(Double::doubleValue)
                                .max()
                                .orElse(0);
                series.computeIfAbsent(metric.name(), k -> new TreeMap<>())
                        .merge(start, value, sums ? Double::sum : Math::max);
            }
        }
        return series;
    }
}

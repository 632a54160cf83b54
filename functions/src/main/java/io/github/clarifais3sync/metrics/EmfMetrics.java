package io.github.clarifais3sync.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.logging.Log;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link Metrics} in CloudWatch's embedded metric format, written to standard output, one JSON line per dimension
 * combination. Lambda's Java runtime passes {@code System.out} through unwrapped, also with the JSON log format, so
 * CloudWatch Logs finds the {@code _aws} member at the root and extracts the metrics
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 *
 * <p>Values are kept here until {@link #flush()}. The lines are written here rather than by AWS's aws-embedded-metrics
 * library: its first flush cost about 0.3 s of every cold start, and it and its dependencies 0.75 MB of the package
 * (docs/benchmarks.md "Package"); the format is small and documented.
 */
public final class EmfMetrics implements Metrics {

    private record Key(Metric metric, String breakdownValue) {}

    private final String namespace;
    private final String service;
    private static final int MAX_VALUES_PER_METRIC = 100;

    private final String functionName;
    private Map<Key, List<Double>> recorded = new LinkedHashMap<>();

    public EmfMetrics(String namespace, String service, String functionName) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.service = Objects.requireNonNull(service, "service");
        this.functionName = Objects.requireNonNull(functionName, "functionName");
    }

    @Override
    public void record(Metric metric, double value) {
        if (metric.breakdown() == Metric.Dimension.FUNCTION_NAME) {
            put(new Key(metric, functionName), value);
        } else if (metric.breakdown() != null) {
            throw new IllegalArgumentException(
                    metric + " needs a " + metric.breakdown().cloudWatchName());
        } else {
            put(new Key(metric, null), value);
        }
    }

    @Override
    public void record(Metric metric, String breakdownValue, double value) {
        if (metric.breakdown() == null) {
            throw new IllegalArgumentException(metric + " has no breakdown dimension");
        }
        put(new Key(metric, Objects.requireNonNull(breakdownValue, "breakdownValue")), value);
    }

    private synchronized void put(Key key, double value) {
        List<Double> values = recorded.computeIfAbsent(key, k -> new ArrayList<>(1));
        if (key.metric().aggregation() == Metric.Aggregation.SUM && !values.isEmpty()) {
            values.set(0, values.get(0) + value);
        } else {
            values.add(value);
        }
    }

    private synchronized Map<Key, List<Double>> takeRecorded() {
        Map<Key, List<Double>> taken = recorded;
        recorded = new LinkedHashMap<>();
        return taken;
    }

    @Override
    public void flush() {
        Map<Key, List<Double>> toWrite = takeRecorded();
        // One line per breakdown value: its dimension sets apply to every metric of the line.
        Map<String, Map<Key, List<Double>>> lines = new LinkedHashMap<>();
        toWrite.forEach((key, values) -> lines.computeIfAbsent(
                        key.breakdownValue() == null
                                ? ""
                                : key.metric().breakdown().cloudWatchName() + "=" + key.breakdownValue(),
                        k -> new LinkedHashMap<>())
                .put(key, values));
        for (Map<Key, List<Double>> line : lines.values()) {
            try {
                write(line);
            } catch (Exception | LinkageError e) {
                Log.warn(
                        "metrics.flush-failed",
                        "metrics",
                        line.keySet().stream()
                                .map(k -> k.metric().cloudWatchName())
                                .toList()
                                .toString(),
                        "error",
                        e.toString());
            }
        }
    }

    /**
     * Writes one line, or several when a metric holds more values than one line may carry (100 per metric,
     * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
     */
    private void write(Map<Key, List<Double>> line) {
        int longest = line.values().stream().mapToInt(List::size).max().orElse(0);
        for (int from = 0; from < longest; from += MAX_VALUES_PER_METRIC) {
            System.out.println(line(line, from));
        }
    }

    /** The line with each metric's values {@code from} up to {@value #MAX_VALUES_PER_METRIC} further. */
    private ObjectNode line(Map<Key, List<Double>> line, int from) {
        Key first = line.keySet().iterator().next();
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode directive = root.putObject("_aws")
                .put("Timestamp", System.currentTimeMillis())
                .putArray("CloudWatchMetrics")
                .addObject()
                .put("Namespace", namespace);
        ArrayNode dimensions = directive.putArray("Dimensions");
        dimensions.addArray().add(Metric.SERVICE_DIMENSION);
        root.put(Metric.SERVICE_DIMENSION, service);
        if (first.breakdownValue() != null) {
            String breakdown = first.metric().breakdown().cloudWatchName();
            dimensions.addArray().add(Metric.SERVICE_DIMENSION).add(breakdown);
            root.put(breakdown, first.breakdownValue());
        }
        root.put("functionName", functionName);
        ArrayNode definitions = directive.putArray("Metrics");
        for (Map.Entry<Key, List<Double>> metric : line.entrySet()) {
            List<Double> values = metric.getValue();
            if (from >= values.size()) {
                continue;
            }
            String name = metric.getKey().metric().cloudWatchName();
            definitions
                    .addObject()
                    .put("Name", name)
                    .put("Unit", metric.getKey().metric().unit() == Metric.Unit.SECONDS ? "Seconds" : "Count");
            List<Double> chunk = values.subList(from, Math.min(values.size(), from + MAX_VALUES_PER_METRIC));
            if (chunk.size() == 1) {
                root.put(name, chunk.get(0));
            } else {
                ArrayNode array = root.putArray(name);
                chunk.forEach(array::add);
            }
        }
        return root;
    }
}

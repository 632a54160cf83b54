package io.github.clarifais3sync.metrics;

import io.github.clarifais3sync.logging.Log;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.cloudwatchlogs.emf.sinks.ConsoleSink;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * {@link Metrics} in CloudWatch's embedded metric format, written by AWS's aws-embedded-metrics library
 * (https://github.com/awslabs/aws-embedded-metrics-java) to standard output, one JSON line per dimension
 * combination. Lambda's Java runtime passes {@code System.out} through unwrapped, also with the JSON log format, so
 * CloudWatch Logs finds the {@code _aws} member at the root and extracts the metrics
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 *
 * <p>Values are kept here until {@link #flush()}, which builds one {@link MetricsLogger} per line with this
 * function's {@link Environment} given explicitly: the library then never probes for its environment (no EC2
 * metadata request), and functions that share a JVM (the offline stack) keep their own names.
 */
public final class EmfMetrics implements Metrics {

    private record Key(Metric metric, String breakdownValue) {
    }

    private final String namespace;
    private final String service;
    private final String functionName;
    private final Environment environment;
    private Map<Key, List<Double>> recorded = new LinkedHashMap<>();

    public EmfMetrics(String namespace, String service, String functionName) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.service = Objects.requireNonNull(service, "service");
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.environment = new FunctionEnvironment(functionName);
    }

    @Override
    public void record(Metric metric, double value) {
        if (metric.breakdown() == Metric.Dimension.FUNCTION_NAME) {
            put(new Key(metric, functionName), value);
        } else if (metric.breakdown() != null) {
            throw new IllegalArgumentException(metric + " needs a " + metric.breakdown().cloudWatchName());
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
        toWrite.forEach((key, values) -> lines.computeIfAbsent(key.breakdownValue() == null ? ""
                : key.metric().breakdown().cloudWatchName() + "=" + key.breakdownValue(), k -> new LinkedHashMap<>())
                .put(key, values));
        for (Map<Key, List<Double>> line : lines.values()) {
            try {
                write(line);
            } catch (Exception | LinkageError e) {
                Log.warn("metrics.flush-failed", "metrics", line.keySet().stream().map(k -> k.metric()
                        .cloudWatchName()).toList().toString(), "error", e.toString());
            }
        }
    }

    private void write(Map<Key, List<Double>> line) throws Exception {
        Key first = line.keySet().iterator().next();
        MetricsLogger logger = new MetricsLogger(environment);
        logger.setNamespace(namespace);
        DimensionSet total = DimensionSet.of(Metric.SERVICE_DIMENSION, service);
        if (first.breakdownValue() == null) {
            logger.setDimensions(total);
        } else {
            logger.setDimensions(total, DimensionSet.of(Metric.SERVICE_DIMENSION, service,
                    first.metric().breakdown().cloudWatchName(), first.breakdownValue()));
        }
        logger.putProperty("functionName", functionName);
        for (Map.Entry<Key, List<Double>> metric : line.entrySet()) {
            Unit unit = metric.getKey().metric().unit() == Metric.Unit.SECONDS ? Unit.SECONDS : Unit.COUNT;
            for (double value : metric.getValue()) {
                logger.putMetric(metric.getKey().metric().cloudWatchName(), value, unit);
            }
        }
        logger.flush();
    }

    /**
     * The function as the library sees it: the console sink (standard output), and no default dimensions or
     * properties of its own (the dimensions are set explicitly on every line).
     */
    private record FunctionEnvironment(String functionName, ISink sink) implements Environment {

        FunctionEnvironment(String functionName) {
            this(functionName, new ConsoleSink());
        }

        @Override
        public boolean probe() {
            return true;
        }

        @Override
        public String getName() {
            return functionName;
        }

        @Override
        public String getType() {
            return "AWS::Lambda::Function";
        }

        @Override
        public String getLogGroupName() {
            return functionName;
        }

        @Override
        public void configureContext(MetricsContext context) {
        }

        @Override
        public ISink getSink() {
            return sink;
        }
    }
}

package io.github.clarifais3sync.fakes;

import io.github.clarifais3sync.metrics.Metric;
import io.github.clarifais3sync.metrics.Metrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link Metrics} that keeps what was recorded, by "Name" or "Name/breakdown", and counts flushes. */
public final class RecordingMetrics implements Metrics {

    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    public int flushes;

    @Override
    public synchronized void record(Metric metric, double value) {
        values.computeIfAbsent(metric.cloudWatchName(), k -> new ArrayList<>()).add(value);
    }

    @Override
    public synchronized void record(Metric metric, String breakdownValue, double value) {
        values.computeIfAbsent(metric.cloudWatchName() + "/" + breakdownValue, k -> new ArrayList<>())
                .add(value);
    }

    @Override
    public synchronized void flush() {
        flushes++;
    }

    /** The sum of the values recorded under a name ("InputsPosted") or name and breakdown ("InputsFailed/30002"). */
    public synchronized double sum(String name) {
        return values.getOrDefault(name, List.of()).stream()
                .mapToDouble(Double::doubleValue)
                .sum();
    }

    public synchronized List<Double> values(String name) {
        return List.copyOf(values.getOrDefault(name, List.of()));
    }
}

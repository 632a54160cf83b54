package io.github.clarifais3sync.offline.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.metrics.Metric;
import io.github.clarifais3sync.offline.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One log line in CloudWatch's embedded metric format, read as CloudWatch reads it: the {@code _aws} member's
 * namespace, dimension sets and metric definitions, with the dimension and metric values taken from the root
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 *
 * @param dimensionSets each set's dimension names, in order
 * @param dimensions    every dimension's value (root members named by a dimension set)
 * @param metrics       one entry per metric definition, with its unit and its values (one, or the array's)
 * @param properties    the root's other members (e.g. {@code functionName})
 */
public record EmfRecord(
        Instant timestamp,
        String namespace,
        List<List<String>> dimensionSets,
        Map<String, String> dimensions,
        List<MetricValues> metrics,
        Map<String, String> properties) {

    public record MetricValues(String name, String unit, List<Double> values) {

        public double sum() {
            return values.stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /** The record in an EMF line, or empty for any other line. */
    public static Optional<EmfRecord> parse(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("{") || !trimmed.contains("\"_aws\"")) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(trimmed);
        } catch (Exception notJson) {
            return Optional.empty();
        }
        JsonNode directive = root.path("_aws").path("CloudWatchMetrics").path(0);
        if (!root.path("_aws").path("Timestamp").isNumber() || directive.isMissingNode()) {
            return Optional.empty();
        }
        List<List<String>> dimensionSets = new ArrayList<>();
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (JsonNode set : directive.path("Dimensions")) {
            List<String> names = new ArrayList<>();
            set.forEach(name -> {
                names.add(name.asText());
                dimensions.put(name.asText(), root.path(name.asText()).asText());
            });
            dimensionSets.add(List.copyOf(names));
        }
        List<MetricValues> metrics = new ArrayList<>();
        for (JsonNode definition : directive.path("Metrics")) {
            String name = definition.path("Name").asText();
            JsonNode value = root.path(name);
            List<Double> values = new ArrayList<>();
            if (value.isArray()) {
                value.forEach(v -> values.add(v.asDouble()));
            } else if (value.isNumber()) {
                values.add(value.asDouble());
            }
            metrics.add(new MetricValues(name, definition.path("Unit").asText("None"), List.copyOf(values)));
        }
        Map<String, String> properties = new LinkedHashMap<>();
        root.properties().forEach(member -> {
            String name = member.getKey();
            if (!name.equals("_aws")
                    && !dimensions.containsKey(name)
                    && metrics.stream().noneMatch(m -> m.name().equals(name))) {
                properties.put(name, member.getValue().asText());
            }
        });
        return Optional.of(new EmfRecord(
                Instant.ofEpochMilli(root.path("_aws").path("Timestamp").asLong()),
                directive.path("Namespace").asText(),
                List.copyOf(dimensionSets),
                Map.copyOf(dimensions),
                List.copyOf(metrics),
                Map.copyOf(properties)));
    }

    /** The dimension beyond {@code Service} (a metric's breakdown), as "Name=value", or "" when there is none. */
    public String breakdown() {
        for (List<String> set : dimensionSets) {
            for (String name : set) {
                if (!name.equals(Metric.SERVICE_DIMENSION)) {
                    return name + "=" + dimensions.get(name);
                }
            }
        }
        return "";
    }
}

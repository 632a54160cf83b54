package io.github.clarifais3sync.docs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbers the docs take from template.yaml. The tables between {@link #BEGIN} and {@link #END} are generated
 * from the template and compared as a whole; in prose, "N receives" must be a queue's maxReceiveCount and "N alarms"
 * the template's number of alarms (with or without the conditional ones).
 */
final class TemplateNumbers {

    static final String BEGIN = "<!-- BEGIN template-numbers: generated from template.yaml; "
            + "./mvnw -pl docs-check -am verify -Ddocs.write=true rewrites it -->";
    static final String END = "<!-- END template-numbers -->";

    private static final Pattern RECEIVES = Pattern.compile("(\\d+)\\s+receives\\b");
    private static final Pattern ALARMS = Pattern.compile("(\\d+)\\s+(?:CloudWatch\\s+|standard\\s+)?alarms\\b");

    private TemplateNumbers() {}

    /** The generated block, markers included. */
    static String generate(Template template) {
        Map<String, Map<String, Object>> resources = template.resources();
        Map<String, Object> globals = template.globalFunction();
        StringBuilder text = new StringBuilder(BEGIN).append("\n\n");
        text.append("| Function | Timeout (s) | Memory (MB) | Reserved concurrency | Triggered by | Batch size "
                + "| Batching window (s) | Most at once |\n|---|---:|---:|---:|---|---:|---:|---:|\n");
        for (Map.Entry<String, Map<String, Object>> entry : resources.entrySet()) {
            Map<String, Object> resource = entry.getValue();
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                continue;
            }
            Map<String, Object> properties = map(resource.get("Properties"));
            List<String> triggers = new ArrayList<>();
            List<String> batch = new ArrayList<>();
            List<String> window = new ArrayList<>();
            List<String> concurrency = new ArrayList<>();
            for (Map.Entry<String, Object> event : map(properties.get("Events")).entrySet()) {
                Map<String, Object> definition = map(event.getValue());
                Map<String, Object> eventProperties = map(definition.get("Properties"));
                String type = String.valueOf(definition.get("Type"));
                if (type.equals("SQS")) {
                    triggers.add("SQS " + reference(eventProperties.get("Queue")));
                    batch.add(value(eventProperties.get("BatchSize"), "10"));
                    window.add(value(eventProperties.get("MaximumBatchingWindowInSeconds"), "0"));
                    concurrency.add(
                            value(map(eventProperties.get("ScalingConfig")).get("MaximumConcurrency"), "-"));
                } else if (type.startsWith("Schedule")) {
                    triggers.add("schedule " + value(eventProperties.get("ScheduleExpression"), "?"));
                } else {
                    triggers.add(type);
                }
            }
            if (triggers.isEmpty()) {
                triggers.add(entry.getKey().startsWith("Backfill") ? "S3 Batch Operations" : "S3 events");
            }
            String condition = resource.containsKey("Condition") ? " (" + resource.get("Condition") + ")" : "";
            text.append("| `")
                    .append(entry.getKey())
                    .append('`')
                    .append(condition)
                    .append(" | ")
                    .append(value(properties.getOrDefault("Timeout", globals.get("Timeout")), "3"))
                    .append(" | ")
                    .append(value(properties.getOrDefault("MemorySize", globals.get("MemorySize")), "128"))
                    .append(" | ")
                    .append(value(properties.get("ReservedConcurrentExecutions"), "-"))
                    .append(" | ")
                    .append(String.join(", ", triggers))
                    .append(" | ")
                    .append(batch.isEmpty() ? "-" : String.join(", ", batch))
                    .append(" | ")
                    .append(window.isEmpty() ? "-" : String.join(", ", window))
                    .append(" | ")
                    .append(concurrency.isEmpty() ? "-" : String.join(", ", concurrency))
                    .append(" |\n");
        }
        text.append("\n| Queue | Visibility timeout (s) | Retention (days) | Receives before its dead-letter queue "
                + "| Dead-letter queue |\n|---|---:|---:|---:|---|\n");
        for (Map.Entry<String, Map<String, Object>> entry : resources.entrySet()) {
            if (!"AWS::SQS::Queue".equals(entry.getValue().get("Type"))) {
                continue;
            }
            Map<String, Object> properties = map(entry.getValue().get("Properties"));
            Map<String, Object> redrive = map(properties.get("RedrivePolicy"));
            Object retention = properties.get("MessageRetentionPeriod");
            text.append("| `")
                    .append(entry.getKey())
                    .append("` | ")
                    .append(value(properties.get("VisibilityTimeout"), "30"))
                    .append(" | ")
                    .append(retention instanceof Number seconds ? String.valueOf(seconds.longValue() / 86_400) : "4")
                    .append(" | ")
                    .append(value(redrive.get("maxReceiveCount"), "-"))
                    .append(" | ")
                    .append(redrive.isEmpty() ? "-" : "`" + reference(redrive.get("deadLetterTargetArn")) + "`")
                    .append(" |\n");
        }
        int[] alarms = alarmCounts(template);
        text.append("\nCloudWatch alarms: ")
                .append(alarms[0])
                .append(
                        alarms[1] > alarms[0]
                                ? ", " + alarms[1] + " with the conditional ones ("
                                        + String.join(", ", alarmConditions(template)) + ")"
                                : "")
                .append(".\n\n")
                .append(END);
        return text.toString();
    }

    /** The generated block of a doc that has one, or null. */
    static String block(String text) {
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        return begin < 0 || end < begin ? null : text.substring(begin, end + END.length());
    }

    static List<String> problems(Template template, List<MarkdownDoc> docs) {
        List<String> problems = new ArrayList<>();
        String expected = generate(template);
        Set<String> receives = receiveCounts(template);
        int[] alarms = alarmCounts(template);
        for (MarkdownDoc doc : docs) {
            String name = doc.path().getFileName().toString();
            String block = block(String.join("\n", doc.lines()));
            if (block != null && !block.equals(expected)) {
                problems.add(name + ": the template-numbers tables differ from template.yaml; expected:\n" + expected);
            }
            for (MarkdownDoc.Line line : doc.prose()) {
                Matcher receive = RECEIVES.matcher(line.text());
                while (receive.find()) {
                    if (!receives.contains(receive.group(1))) {
                        problems.add(name + ":" + line.line() + ": \"" + receive.group() + "\" but template.yaml's "
                                + "maxReceiveCount is " + String.join(" or ", receives));
                    }
                }
                Matcher alarm = ALARMS.matcher(line.text());
                while (alarm.find()) {
                    int count = Integer.parseInt(alarm.group(1));
                    if (count != alarms[0] && count != alarms[1]) {
                        problems.add(name + ":" + line.line() + ": \"" + alarm.group() + "\" but template.yaml has "
                                + alarms[0] + " alarms (" + alarms[1] + " with the conditional ones)");
                    }
                }
            }
        }
        return problems;
    }

    /** {always created, all}. */
    static int[] alarmCounts(Template template) {
        int always = 0;
        int all = 0;
        for (Map<String, Object> resource : template.resources().values()) {
            if ("AWS::CloudWatch::Alarm".equals(resource.get("Type"))) {
                all++;
                if (!resource.containsKey("Condition")) {
                    always++;
                }
            }
        }
        return new int[] {always, all};
    }

    private static Set<String> alarmConditions(Template template) {
        Set<String> conditions = new TreeSet<>();
        template.resources().values().stream()
                .filter(resource -> "AWS::CloudWatch::Alarm".equals(resource.get("Type")))
                .filter(resource -> resource.containsKey("Condition"))
                .forEach(resource -> conditions.add(String.valueOf(resource.get("Condition"))));
        return conditions;
    }

    private static Set<String> receiveCounts(Template template) {
        Set<String> counts = new LinkedHashSet<>();
        for (Map<String, Object> resource : template.resources().values()) {
            Object count =
                    map(map(resource.get("Properties")).get("RedrivePolicy")).get("maxReceiveCount");
            if (count != null) {
                counts.add(String.valueOf(count));
            }
        }
        return counts;
    }

    /** A value as the docs show it: a number or string as is, a parameter by its name (its default: deploy.md). */
    private static String value(Object value, String absent) {
        if (value == null) {
            return absent;
        }
        if (value instanceof Map<?, ?> map && map.containsKey("Ref")) {
            return "`" + map.get("Ref") + "`";
        }
        return String.valueOf(value);
    }

    private static String reference(Object value) {
        if (value instanceof Map<?, ?> map) {
            Object target = map.containsKey("Ref") ? map.get("Ref") : map.get("Fn::GetAtt");
            if (target instanceof List<?> list && !list.isEmpty()) {
                return String.valueOf(list.get(0));
            }
            return String.valueOf(target).replaceFirst("\\..*$", "");
        }
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }
}

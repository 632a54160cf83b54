package io.github.clarifais3sync.concepts;

import io.github.clarifais3sync.inputs.Concept;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How keys and S3 object tags become concepts, declared once from the template's parameters (docs/labels.md):
 * <ul>
 *   <li>{@code prefixes}: {@code cats/=cat,pets/tabby/=cat+tabby} — an object under a prefix gets those concepts
 *       (positive); every matching prefix applies.</li>
 *   <li>{@code pathSegment}: n &gt; 0 — the n-th folder of the key (1 = the top folder) names a positive concept;
 *       0 turns it off.</li>
 *   <li>{@code valueTags}: {@code label,species} — the value of each of these tags names a positive concept
 *       ({@code species=Maine Coon} gives {@code maine-coon}).</li>
 *   <li>{@code flagTagPrefix}: {@code concept:} — a tag {@code concept:<name>} with value {@code 1} (or
 *       {@code true}) makes {@code <name>} positive, {@code 0} (or {@code false}) negative; other values cannot be
 *       mapped. Blank turns it off.</li>
 * </ul>
 * Every name goes through {@link ConceptIds}. An explicit flag tag decides a concept's value over the path and value
 * tags; two flag tags naming one concept with different values cancel out (a problem). More than S3's 10 tags per
 * object (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html) cannot come from S3; such a tag
 * set is not mapped at all. Whatever cannot be mapped is reported in {@link Labels#problems()} and skipped; it never
 * fails the object.
 */
public record LabelRules(
        Map<String, List<String>> prefixes, int pathSegment, List<String> valueTags, String flagTagPrefix) {

    /** S3 keeps at most 10 tags on an object. */
    public static final int MAX_TAGS = 10;

    private static final Set<String> POSITIVE = Set.of("1", "true");
    private static final Set<String> NEGATIVE = Set.of("0", "false");

    public LabelRules {
        prefixes = Map.copyOf(prefixes);
        valueTags = List.copyOf(valueTags);
        flagTagPrefix = flagTagPrefix == null ? "" : flagTagPrefix;
        if (pathSegment < 0) {
            throw new IllegalArgumentException("path segment must be 0 (off) or a folder number from 1");
        }
    }

    /**
     * From the forms the template passes; a malformed rule fails here, at start, with what was wrong.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static LabelRules of(String prefixes, int pathSegment, String valueTags, String flagTagPrefix) {
        Map<String, List<String>> byPrefix = new LinkedHashMap<>();
        for (String entry : split(prefixes)) {
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw new IllegalArgumentException(
                        "label prefix rule '" + entry + "' must be prefix=concept[+concept]");
            }
            List<String> concepts = new ArrayList<>();
            for (String name : entry.substring(equals + 1).split("\\+")) {
                concepts.add(ConceptIds.of(name)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "label prefix rule '" + entry + "': '" + name + "' has " + ConceptIds.whyNot(name))));
            }
            byPrefix.put(entry.substring(0, equals).strip(), concepts);
        }
        return new LabelRules(
                byPrefix, pathSegment, split(valueTags), flagTagPrefix == null ? "" : flagTagPrefix.strip());
    }

    /** Whether any rule reads tags: if none does, the functions never ask S3 for an object's tags. */
    public boolean readsTags() {
        return !valueTags.isEmpty() || !flagTagPrefix.isEmpty();
    }

    /** Whether any rule maps anything at all. */
    public boolean enabled() {
        return readsTags() || !prefixes.isEmpty() || pathSegment > 0;
    }

    /** The concepts of an object with this key and these tags (tag key to value). */
    public Labels map(String key, Map<String, String> tags) {
        TreeMap<String, Double> concepts = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        prefixes.forEach((prefix, names) -> {
            if (key.startsWith(prefix)) {
                names.forEach(name -> concepts.put(name, 1.0));
            }
        });
        if (pathSegment > 0) {
            String[] parts = key.split("/", -1);
            // The last part is the file name, not a folder.
            if (parts.length - 1 >= pathSegment) {
                String folder = parts[pathSegment - 1];
                ConceptIds.of(folder)
                        .ifPresentOrElse(
                                id -> concepts.put(id, 1.0),
                                () -> problems.add("folder '" + folder + "': " + ConceptIds.whyNot(folder)));
            }
        }
        if (tags.size() > MAX_TAGS) {
            problems.add(tags.size() + " tags, more than S3's " + MAX_TAGS + ": no tag was mapped");
            return new Labels(toList(concepts), problems);
        }
        Map<String, String> sorted = new TreeMap<>(tags);
        sorted.forEach((tag, value) -> {
            if (valueTags.contains(tag)) {
                ConceptIds.of(value)
                        .ifPresentOrElse(
                                id -> concepts.put(id, 1.0),
                                () -> problems.add("tag " + tag + "=" + value + ": " + ConceptIds.whyNot(value)));
            }
        });
        Map<String, Double> flagged = new TreeMap<>();
        List<String> conflicting = new ArrayList<>();
        sorted.forEach((tag, value) -> {
            if (flagTagPrefix.isEmpty() || !tag.startsWith(flagTagPrefix)) {
                return;
            }
            String name = tag.substring(flagTagPrefix.length());
            String flag = value.strip().toLowerCase(Locale.ROOT);
            Double weight =
                    POSITIVE.contains(flag) ? Double.valueOf(1) : NEGATIVE.contains(flag) ? Double.valueOf(0) : null;
            if (weight == null) {
                problems.add("tag " + tag + "=" + value + ": value must be 1 or 0 (true or false)");
                return;
            }
            ConceptIds.of(name)
                    .ifPresentOrElse(
                            id -> {
                                Double earlier = flagged.putIfAbsent(id, weight);
                                if (earlier != null && !earlier.equals(weight)) {
                                    conflicting.add(id);
                                }
                            },
                            () -> problems.add("tag " + tag + "=" + value + ": " + ConceptIds.whyNot(name)));
        });
        for (String id : conflicting) {
            flagged.remove(id);
            problems.add("concept " + id + ": tags give it both 1 and 0, so it was skipped");
        }
        concepts.putAll(flagged);
        return new Labels(toList(concepts), problems);
    }

    private static List<Concept> toList(TreeMap<String, Double> concepts) {
        List<Concept> list = new ArrayList<>();
        concepts.forEach((id, value) -> list.add(new Concept(id, value)));
        return list;
    }

    private static List<String> split(String list) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return Arrays.stream(list.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}

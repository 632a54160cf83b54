package io.github.clarifais3sync.offline;

import io.github.clarifais3sync.local.inputsapi.LocalInputsApi;
import io.github.clarifais3sync.local.inputsapi.RequestKind;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The Inputs API requests a run made, counted on the local Inputs API by kind and answer, each set next to the work
 * that justifies it: adds per image put, deletes per removed version, status reads per image put, patches per tag
 * change. A request without a purpose shows up as a ratio above what the work needs.
 *
 * @param answers requests by kind, then by answer (HTTP status as text, or {@code dropped})
 */
public record RequestReport(Map<RequestKind, Map<String, Long>> answers) {

    /** The work a run did: what each kind of request is for. */
    public record Work(long imagePuts, long removedVersions, long tagChanges) {}

    /** What {@code api} has counted so far; subtract an earlier snapshot with {@link #since}. */
    public static RequestReport of(LocalInputsApi api) {
        return new RequestReport(api.answers());
    }

    /** The requests made after {@code earlier}. */
    public RequestReport since(RequestReport earlier) {
        Map<RequestKind, Map<String, Long>> spent = new EnumMap<>(RequestKind.class);
        answers.forEach((kind, byAnswer) -> {
            Map<String, Long> before = earlier.answers.getOrDefault(kind, Map.of());
            Map<String, Long> counts = new TreeMap<>();
            byAnswer.forEach((answer, count) -> {
                long made = count - before.getOrDefault(answer, 0L);
                if (made != 0) {
                    counts.put(answer, made);
                }
            });
            if (!counts.isEmpty()) {
                spent.put(kind, counts);
            }
        });
        return new RequestReport(spent);
    }

    /** Requests of this kind, however answered. */
    public long total(RequestKind kind) {
        return answers.getOrDefault(kind, Map.of()).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    /** Requests of this kind answered with this HTTP status ({@code "429"}) or {@code "dropped"}. */
    public long answered(RequestKind kind, String answer) {
        return answers.getOrDefault(kind, Map.of()).getOrDefault(answer, 0L);
    }

    /** DeleteInputs and DeleteInput requests together. */
    public long deletes() {
        return total(RequestKind.DELETE_BATCH) + total(RequestKind.DELETE_ONE);
    }

    /** One line per kind: the count, how it was answered, and the count per unit of the work it serves. */
    public void print(PrintStream out, Work work) {
        out.println("requests by purpose, counted on the local Inputs API (answers by HTTP status):");
        long all = 0;
        for (RequestKind kind : RequestKind.values()) {
            long total = total(kind);
            all += total;
            String unit;
            long units;
            switch (kind) {
                case DELETE_BATCH, DELETE_ONE -> {
                    unit = "removed version";
                    units = work.removedVersions();
                }
                case PATCH -> {
                    unit = "tag change";
                    units = work.tagChanges();
                }
                default -> {
                    unit = "image put";
                    units = work.imagePuts();
                }
            }
            String ratio = units == 0
                    ? (total == 0 ? "" : "no " + unit + "s to justify them")
                    : String.format(Locale.ROOT, "%.4f per %s (%,d)", total / (double) units, unit, units);
            out.printf(Locale.ROOT, "  %-12s %8d  %-30s %s%n", kind.wireName(), total, answers(kind), ratio);
        }
        out.printf(Locale.ROOT, "  %-12s %8d%n", "total", all);
        if (work.removedVersions() > 0) {
            out.printf(
                    Locale.ROOT,
                    "  deletes per removed version: %.4f (%d DELETE requests, %,d removed versions)%n",
                    deletes() / (double) work.removedVersions(),
                    deletes(),
                    work.removedVersions());
        }
    }

    private String answers(RequestKind kind) {
        StringJoiner joined = new StringJoiner(", ");
        answers.getOrDefault(kind, Map.of()).forEach((answer, count) -> joined.add(answer + ": " + count));
        return joined.toString();
    }
}

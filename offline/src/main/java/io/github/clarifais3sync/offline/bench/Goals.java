package io.github.clarifais3sync.offline.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures a benchmark run measured against the performance goals (docs/benchmarks.md), collected part by part
 * and printed as one table at the end of {@code ./offline-stack bench --all}: each goal with what this run measured
 * and whether it was met; figures without a goal are listed too.
 */
public final class Goals {

    /** Met, missed, or a figure the issue asks for without a goal. */
    public enum Result {
        MET("met"),
        MISSED("MISSED"),
        FIGURE("-");

        private final String label;

        Result(String label) {
            this.label = label;
        }
    }

    /** One line of the table. */
    public record Row(String part, String goal, String measured, Result result) {}

    private final List<Row> rows = new ArrayList<>();

    /** A goal and whether this run met it. */
    public synchronized void goal(String part, String goal, String measured, boolean met) {
        rows.add(new Row(part, goal, measured, met ? Result.MET : Result.MISSED));
    }

    /** A figure with no goal (a ratio, a peak) that belongs in the summary. */
    public synchronized void figure(String part, String what, String measured) {
        rows.add(new Row(part, what, measured, Result.FIGURE));
    }

    public synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    public synchronized boolean allMet() {
        return rows.stream().noneMatch(row -> row.result() == Result.MISSED);
    }

    /** The table, in the order the parts ran. */
    public synchronized void print(PrintStream out) {
        out.println("part | goal or figure | measured | result");
        out.println("---- | -------------- | -------- | ------");
        for (Row row : rows) {
            out.println(row.part() + " | " + row.goal() + " | " + row.measured() + " | " + row.result().label);
        }
        long missed = rows.stream().filter(row -> row.result() == Result.MISSED).count();
        long goals = rows.stream().filter(row -> row.result() != Result.FIGURE).count();
        out.println(missed == 0 ? "Every goal met (" + goals + ")." : missed + " of " + goals + " goals MISSED.");
    }
}

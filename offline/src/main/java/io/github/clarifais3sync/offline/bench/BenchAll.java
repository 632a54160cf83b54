package io.github.clarifais3sync.offline.bench;

import io.github.clarifais3sync.offline.chaos.ChaosFaults;
import io.github.clarifais3sync.offline.chaos.ChaosRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code ./offline-stack bench all}: every performance goal's figure in one run, one part after another on fresh
 * stacks (package size, cold start, memory, the 429 storm, the N-object drop against the naive uploader, the chaos
 * run), then one table of the goals with what this run measured ({@link Goals}).
 */
public final class BenchAll {

    /** The deployment zip's budget ({@code DeploymentPackageSizeTest} holds the build to it). */
    static final long PACKAGE_LIMIT_BYTES = 12L * 1024 * 1024;

    /**
     * @param objects      the drop's objects (10,000 in the issue)
     * @param chaosObjects the chaos run's objects
     * @param runs         cold starts per handler (median)
     */
    public record Settings(int objects, int writers, int runs, int chaosObjects, Duration timeout) {}

    private BenchAll() {}

    public static int run(Settings settings, PrintStream out) throws Exception {
        Goals goals = new Goals();
        List<String> parts = new ArrayList<>();
        boolean completed = true;
        long started = System.nanoTime();
        completed &= part("package", parts, goals, out, () -> packageSize(Path.of(""), out, goals));
        completed &= part(
                "cold start",
                parts,
                goals,
                out,
                () -> ColdStartBenchmark.run(settings.runs(), ColdStartBenchmark.LAMBDA_JVM_OPTIONS, out, goals, true));
        completed &= part("memory", parts, goals, out, () -> MemoryBenchmark.run(out, goals));
        completed &= part(
                "429 storm", parts, goals, out, () -> ThrottleStormBenchmark.run(Path.of("template.yaml"), out, goals));
        completed &= part(
                "drop",
                parts,
                goals,
                out,
                () -> DropBenchmark.run(settings.objects(), settings.writers(), settings.timeout(), out, goals));
        completed &= part(
                "chaos",
                parts,
                goals,
                out,
                () -> ChaosRun.command(
                        Path.of("template.yaml"),
                        new ChaosRun.Settings(
                                settings.chaosObjects(),
                                settings.writers(),
                                13,
                                ChaosFaults.DEFAULT,
                                Duration.ofMinutes(60),
                                Duration.ofSeconds(10)),
                        out,
                        goals));
        out.println();
        out.printf(
                Locale.ROOT,
                "== Summary: %s, %d cores, load average now %s; %.0f s in all ==%n",
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                ProcessResources.loadAverage(),
                (System.nanoTime() - started) / 1e9);
        parts.forEach(line -> out.println("  " + line));
        out.println();
        goals.print(out);
        return completed && goals.allMet() ? 0 : 1;
    }

    interface Part {
        int run() throws Exception;
    }

    /**
     * Runs one part; a part that throws is reported and the others still run. A part that measured nothing (it failed,
     * or could not run here) counts as a missed goal, so the run cannot end "every goal met" without its figures.
     */
    static boolean part(String name, List<String> parts, Goals goals, PrintStream out, Part part) {
        int rowsBefore = goals.rows().size();
        out.printf(Locale.ROOT, "%n==== %s ====%n", name);
        long started = System.nanoTime();
        int exit;
        try {
            exit = part.run();
        } catch (Exception | Error failed) {
            out.println(name + " failed: " + failed);
            exit = -1;
        }
        parts.add(String.format(
                Locale.ROOT,
                "%-10s %6.0f s  %s",
                name,
                (System.nanoTime() - started) / 1e9,
                exit == 0 ? "completed" : exit < 0 ? "FAILED (see above)" : "completed, exit " + exit));
        if (goals.rows().size() == rowsBefore) {
            goals.goal(name, "the part measures its figures", "nothing measured (exit " + exit + ")", false);
        }
        return exit >= 0;
    }

    /**
     * The deployment zip as {@code sam build} + {@code sam deploy} make it: the functions' classes at the root, their
     * runtime dependencies (functions/target/package-lib) in lib/, deflated.
     */
    static int packageSize(Path checkout, PrintStream out, Goals goals) throws IOException {
        Path classes = checkout.resolve(Path.of("functions", "target", "classes"));
        Path lib = checkout.resolve(Path.of("functions", "target", "package-lib"));
        if (!Files.isDirectory(classes) || !Files.isDirectory(lib)) {
            out.println(lib + " is missing: build the functions module first");
            return 1;
        }
        Path zip = Files.createTempFile("functions", ".zip");
        try {
            long bytes = zip(zip, classes, lib);
            List<String> largest;
            try (Stream<Path> jars = Files.list(lib)) {
                largest = jars.sorted(Comparator.comparingLong(BenchAll::size).reversed())
                        .limit(5)
                        .map(jar -> jar.getFileName() + " " + size(jar) / 1024 + " KiB")
                        .toList();
            }
            out.printf(
                    Locale.ROOT,
                    "deployment zip: %,d bytes (limit %,d); largest jars: %s%n",
                    bytes,
                    PACKAGE_LIMIT_BYTES,
                    largest);
            goals.goal(
                    "package",
                    "deployment zip <= 12 MiB (12,582,912 bytes)",
                    String.format(Locale.ROOT, "%,d bytes", bytes),
                    bytes <= PACKAGE_LIMIT_BYTES);
            return 0;
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    static long zip(Path zip, Path classes, Path lib) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            add(out, classes, "");
            add(out, lib, "lib/");
        }
        return Files.size(zip);
    }

    private static void add(ZipOutputStream out, Path root, String prefix) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            out.putNextEntry(
                    new ZipEntry(prefix + root.relativize(file).toString().replace('\\', '/')));
            Files.copy(file, out);
            out.closeEntry();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package io.github.clarifais3sync.offline.bench;

import io.github.clarifais3sync.local.aws.LocalAws;
import io.github.clarifais3sync.offline.LocalInputsApiEndpoint;
import io.github.clarifais3sync.offline.OfflineStack;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How long the offline stack takes to start, as a user pays it: each start in a fresh JVM (what {@code ./offline-stack
 * demo} and {@code up} do), the emulators behind the edge endpoint alone ({@link LocalAws}) and the whole stack
 * (emulators, local Inputs API, the template's resources and functions, event sources). Each is timed from the JVM's
 * launch to "ready" (JVM start included) and inside the JVM from the start call to its return; one warm-up launch
 * of each, then the median of N. Run: {@code ./offline-stack bench --startup}.
 */
public final class StartupBenchmark {

    private static final String READY = "startup-bench-ready ";
    private static final String PARTS = "startup-bench-parts ";
    private static final long LAUNCH_TIMEOUT_SECONDS = 120;

    private StartupBenchmark() {}

    public static int run(int runs, PrintStream out) throws Exception {
        out.printf(
                Locale.ROOT,
                "Offline stack start time, each start in a fresh JVM: one warm-up, then the median " + "of %d%n",
                runs);
        Map<String, List<long[]>> results = new LinkedHashMap<>();
        Map<String, List<long[]>> parts = new LinkedHashMap<>();
        for (String what : List.of("emulators", "stack")) {
            for (int run = 0; run <= runs; run++) {
                long[] times = launch(what, run > 0 && "emulators".equals(what) ? parts : new LinkedHashMap<>());
                if (run > 0) {
                    results.computeIfAbsent(what, key -> new ArrayList<>()).add(times);
                }
            }
        }
        out.println();
        out.println("what starts (fresh JVM each) | launch to ready, median (ms) | start call, median (ms) | "
                + "start call min-max (ms)");
        out.println("---------------------------- | ---------------------------: | ----------------------: | "
                + "----------------------:");
        results.forEach((what, times) -> {
            List<Long> launch = sorted(times, 0);
            List<Long> call = sorted(times, 1);
            out.printf(
                    Locale.ROOT,
                    "%s | %d | %d | %d-%d%n",
                    "emulators".equals(what) ? "emulators + edge (LocalAws.start)" : "whole stack (OfflineStack.start)",
                    launch.get(launch.size() / 2),
                    call.get(call.size() / 2),
                    call.getFirst(),
                    call.getLast());
        });
        parts.forEach((part, times) -> {
            List<Long> call = sorted(times, 0);
            out.printf(
                    Locale.ROOT,
                    "  of which %s (in parallel) | | %d | %d-%d%n",
                    part,
                    call.get(call.size() / 2),
                    call.getFirst(),
                    call.getLast());
        });
        return 0;
    }

    /** {launch to ready, start call} in milliseconds, for one fresh JVM; adds the emulators' parts to {@code parts}. */
    private static long[] launch(String what, Map<String, List<long[]>> parts) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(ProcessHandle.current()
                .info()
                .arguments()
                .map(arguments -> {
                    List<String> options = new ArrayList<>();
                    for (String argument : arguments) {
                        if (argument.startsWith("--enable-native-access") || argument.startsWith("--sun-misc")) {
                            options.add(argument);
                        }
                    }
                    return options;
                })
                .orElse(List.of()));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Once.class.getName(), what));
        long begin = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith(PARTS)) {
                    for (String part : line.substring(PARTS.length()).trim().split(" ")) {
                        String[] nameAndMillis = part.split("=");
                        parts.computeIfAbsent(nameAndMillis[0], key -> new ArrayList<>())
                                .add(new long[] {Long.parseLong(nameAndMillis[1])});
                    }
                }
                if (line.startsWith(READY)) {
                    long launchToReady = (System.nanoTime() - begin) / 1_000_000;
                    long call = Long.parseLong(line.substring(READY.length()).trim());
                    lines.transferTo(Writer.nullWriter());
                    if (!process.waitFor(LAUNCH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                    return new long[] {launchToReady, call};
                }
            }
        } finally {
            if (process.isAlive() && !process.waitFor(LAUNCH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        throw new IllegalStateException(what + " start failed: exit " + process.exitValue());
    }

    private static List<Long> sorted(List<long[]> times, int column) {
        List<Long> values = new ArrayList<>(times.stream().map(t -> t[column]).toList());
        values.sort(Comparator.naturalOrder());
        return values;
    }

    /** One start in this (fresh) JVM; prints the start call's milliseconds, then stops and exits. */
    public static final class Once {
        private Once() {}

        public static void main(String[] args) throws Exception {
            long begin = System.nanoTime();
            AutoCloseable started;
            if ("stack".equals(args[0])) {
                started = OfflineStack.builder()
                        .template(Path.of("template.yaml"))
                        .inputsApi(() -> LocalInputsApiEndpoint.start(0, Duration.ofMillis(200)))
                        .start();
            } else {
                LocalAws aws = LocalAws.start();
                StringBuilder parts = new StringBuilder(PARTS);
                aws.startupTimes().forEach((part, time) -> {
                    if (!"total".equals(part)) {
                        parts.append(part).append('=').append(time.toMillis()).append(' ');
                    }
                });
                System.out.println(parts.toString().trim());
                started = aws;
            }
            System.out.println(READY + (System.nanoTime() - begin) / 1_000_000);
            started.close();
            System.exit(0);
        }
    }
}

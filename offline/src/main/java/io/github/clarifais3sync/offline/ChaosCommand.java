package io.github.clarifais3sync.offline;

import io.github.clarifais3sync.offline.chaos.ChaosFaults;
import io.github.clarifais3sync.offline.chaos.ChaosRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./offline-stack chaos}: objects under injected faults, then bucket, ledger and app compared. */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        description = {
            "Objects under injected faults, then nothing lost, duplicated or stale.",
            "Puts N objects (odd keys, non-images, zero-byte files, overwrites and deletes) from W writers "
                    + "while the local Inputs API injects faults; once quiet, compares bucket, ledger and app: lost, "
                    + "duplicate, stale and orphan inputs must all be 0 (exit 1 otherwise). Also prints failures by "
                    + "code and requests per image by kind."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./offline-stack chaos",
            "  ./offline-stack chaos --objects 200 --faults none",
            "  ./offline-stack chaos --faults latency=30ms,throttle=0.15,5xx=0.1,drop=0.05,inputs=0.1,for=5m"
        })
final class ChaosCommand implements Callable<Integer> {

    @Option(
            names = "--objects",
            paramLabel = "N",
            defaultValue = "1000",
            converter = PositiveNumber.class,
            description = "objects to put (default: ${DEFAULT-VALUE})")
    int objects;

    @Option(
            names = "--writers",
            paramLabel = "W",
            defaultValue = "16",
            converter = PositiveNumber.class,
            description = "writers putting them at once (default: ${DEFAULT-VALUE})")
    int writers;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "13",
            description = "seed of the keys, contents and faults (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--faults",
            paramLabel = "SPEC",
            description = "'none', or overrides of latency=30ms,throttle=0.15,5xx=0.1,drop=0.05,inputs=0.1,for=5m "
                    + "(the defaults)")
    String faults;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "60m",
            converter = Durations.class,
            description = "the longest wait for the pipeline to be quiet (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        ChaosFaults parsed = faults == null ? ChaosFaults.DEFAULT : ChaosFaults.parse(faults, Durations::parse);
        ChaosRun.Settings settings =
                new ChaosRun.Settings(objects, writers, seed, parsed, timeout, Duration.ofSeconds(10));
        return ConsoleLog.report("chaos", console -> ChaosRun.command(Path.of("template.yaml"), settings, console));
    }
}

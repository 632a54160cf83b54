package io.github.clarifais3sync.offline.bench;

import io.github.clarifais3sync.offline.ConsoleLog;
import io.github.clarifais3sync.offline.PositiveNumber;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./offline-stack bench all}: every goal in one run, then one table of goals met or missed. */
@Command(
        name = "all",
        aliases = "--all",
        mixinStandardHelpOptions = true,
        description = {
            "Every performance goal in one run, then a table of goals met or missed.",
            "Deployment package size, cold start, memory, "
                    + "429 storm, the N-object drop vs the naive uploader and a chaos run; then one table of the goals, "
                    + "met or MISSED (exit 1 if any is missed)."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  ./offline-stack bench all", "  ./offline-stack bench all --objects 1000 --chaos-objects 200"})
final class AllCommand implements Callable<Integer> {

    @Mixin
    BenchOptions.Objects objects;

    @Mixin
    BenchOptions.Writers writers;

    @Mixin
    BenchOptions.Runs runs;

    @Option(
            names = "--chaos-objects",
            paramLabel = "N",
            defaultValue = "1000",
            converter = PositiveNumber.class,
            description = "objects of the chaos run (default: ${DEFAULT-VALUE})")
    int chaosObjects;

    @Mixin
    BenchOptions.Timeout timeout;

    @Override
    public Integer call() throws Exception {
        return ConsoleLog.report(
                "bench",
                console -> BenchAll.run(
                        new BenchAll.Settings(objects.value, writers.value, runs.value, chaosObjects, timeout.value),
                        console));
    }
}

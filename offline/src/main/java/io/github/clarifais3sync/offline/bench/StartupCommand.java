package io.github.clarifais3sync.offline.bench;

import io.github.clarifais3sync.offline.ConsoleLog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./offline-stack bench startup}. */
@Command(
        name = "startup",
        aliases = "--startup",
        mixinStandardHelpOptions = true,
        description = "The offline stack's start time: the median of N fresh starts.",
        footerHeading = "%nExample:%n",
        footer = "  ./offline-stack bench startup --runs 3")
final class StartupCommand implements Callable<Integer> {

    @Mixin
    BenchOptions.Runs runs;

    @Override
    public Integer call() throws Exception {
        return ConsoleLog.report("bench", console -> StartupBenchmark.run(runs.value, console));
    }
}

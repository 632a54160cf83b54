package io.github.clarifais3sync.offline.bench;

import io.github.clarifais3sync.offline.ConsoleLog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./offline-stack bench wedge}. */
@Command(
        name = "wedge",
        aliases = "--wedge",
        mixinStandardHelpOptions = true,
        description = "N small JPEGs from W writers through the AWS endpoint, followed to indexed: peak open file "
                + "descriptors, sockets and wall time.",
        footerHeading = "%nExample:%n",
        footer = "  ./offline-stack bench wedge --objects 1000")
final class WedgeCommand implements Callable<Integer> {

    @Mixin
    BenchOptions.Objects objects;

    @Mixin
    BenchOptions.Writers writers;

    @Mixin
    BenchOptions.Timeout timeout;

    @Override
    public Integer call() throws Exception {
        return ConsoleLog.report(
                "bench", console -> WedgeBenchmark.run(objects.value, writers.value, timeout.value, console));
    }
}

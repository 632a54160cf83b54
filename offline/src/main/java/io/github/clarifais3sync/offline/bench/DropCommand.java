package io.github.clarifais3sync.offline.bench;

import io.github.clarifais3sync.offline.ConsoleLog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./offline-stack bench drop}. */
@Command(
        name = "drop",
        aliases = "--drop",
        mixinStandardHelpOptions = true,
        description = "N JPEGs from W writers to indexed: the pipeline (batches of up to 128) vs a naive uploader "
                + "(one input per request); the timeout applies to each.",
        footerHeading = "%nExample:%n",
        footer = "  ./offline-stack bench drop --objects 1000")
final class DropCommand implements Callable<Integer> {

    @Mixin
    BenchOptions.Objects objects;

    @Mixin
    BenchOptions.Writers writers;

    @Mixin
    BenchOptions.Timeout timeout;

    @Override
    public Integer call() throws Exception {
        return ConsoleLog.report(
                "bench", console -> DropBenchmark.run(objects.value, writers.value, timeout.value, console));
    }
}

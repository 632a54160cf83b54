package io.github.clarifais3sync.offline.bench;

import io.github.clarifais3sync.offline.ConsoleLog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./offline-stack bench backfill}. */
@Command(
        name = "backfill",
        aliases = "--backfill",
        mixinStandardHelpOptions = true,
        description = "Backfill of an existing bucket of N objects: objects listed per second, add requests per "
                + "image, peak heap.",
        footerHeading = "%nExample:%n",
        footer = "  ./offline-stack bench backfill --objects 1000")
final class BackfillCommand implements Callable<Integer> {

    @Mixin
    BenchOptions.Objects objects;

    @Mixin
    BenchOptions.Timeout timeout;

    @Override
    public Integer call() throws Exception {
        return ConsoleLog.report("bench", console -> BackfillBenchmark.run(objects.value, timeout.value, console));
    }
}

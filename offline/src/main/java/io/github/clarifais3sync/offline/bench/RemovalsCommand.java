package io.github.clarifais3sync.offline.bench;

import io.github.clarifais3sync.offline.ConsoleLog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./offline-stack bench removals}. */
@Command(
        name = "removals",
        aliases = "--removals",
        mixinStandardHelpOptions = true,
        description = "N indexed objects removed with aws s3 rm --recursive and N by lifecycle expiration: DELETE "
                + "requests against ceil(N/128), the time until every input is gone, the removals queue vs one "
                + "removal per invocation, and the queue under a 429 storm; the timeout applies to the puts, to "
                + "indexing, and to each removal.",
        footerHeading = "%nExample:%n",
        footer = "  ./offline-stack bench removals --objects 300")
final class RemovalsCommand implements Callable<Integer> {

    @Mixin
    BenchOptions.Objects objects;

    @Mixin
    BenchOptions.Timeout timeout;

    @Override
    public Integer call() throws Exception {
        return ConsoleLog.report("bench", console -> RemovalsBenchmark.run(objects.value, timeout.value, console));
    }
}

package io.github.clarifais3sync.offline.bench;

import io.github.clarifais3sync.offline.ConsoleLog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./offline-stack bench memory}. */
@Command(
        name = "memory",
        aliases = "--memory",
        mixinStandardHelpOptions = true,
        description = "Peak heap of one upload batch of 128 objects of 5 MB each, sent by URL vs as base64 bytes.",
        footerHeading = "%nExample:%n",
        footer = "  ./offline-stack bench memory")
final class MemoryCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        return ConsoleLog.report("bench", console -> MemoryBenchmark.run(console));
    }
}

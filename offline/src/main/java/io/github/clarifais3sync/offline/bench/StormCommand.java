package io.github.clarifais3sync.offline.bench;

import io.github.clarifais3sync.offline.ConsoleLog;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./offline-stack bench storm}. */
@Command(
        name = "storm",
        aliases = "--storm",
        mixinStandardHelpOptions = true,
        description = "Put to indexed after a storm of 429 answers: retried messages waiting for the visibility "
                + "timeout vs the upload function's own backoff.",
        footerHeading = "%nExample:%n",
        footer = "  ./offline-stack bench storm")
final class StormCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        return ConsoleLog.report("bench", console -> ThrottleStormBenchmark.run(Path.of("template.yaml"), console));
    }
}

package io.github.clarifais3sync.offline.bench;

import io.github.clarifais3sync.offline.ConsoleLog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./offline-stack bench cold-start}. */
@Command(
        name = "cold-start",
        aliases = "--cold-start",
        mixinStandardHelpOptions = true,
        description = "Each function's start in a fresh JVM (the Lambda JVM options) to its first response, against a "
                + "hello-world handler's.",
        footerHeading = "%nExample:%n",
        footer = {"  ./offline-stack bench cold-start", "  ./offline-stack bench cold-start --primed --runs 3"})
final class ColdStartCommand implements Callable<Integer> {

    @Mixin
    BenchOptions.Runs runs;

    @Option(
            names = "--primed",
            description = "Also start each function as Lambda initializes it for a SnapStart "
                    + "snapshot (INIT with priming), and print its first invocation beside the hello world's.")
    boolean primed;

    @Override
    public Integer call() throws Exception {
        return ConsoleLog.report(
                "bench",
                console -> ColdStartBenchmark.run(
                        runs.value, ColdStartBenchmark.LAMBDA_JVM_OPTIONS, console, new Goals(), primed));
    }
}

package io.github.clarifais3sync.ops;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A command that works on one stack: {@code --stack NAME}, resolved once, then {@link #run(Operations)}. */
abstract class TargetCommand implements Callable<Integer> {

    @Option(
            names = "--stack",
            required = true,
            paramLabel = "NAME",
            description = "The CloudFormation stack (region and credentials the usual AWS way; AWS_ENDPOINT_URL for "
                    + "the offline stack).")
    String stackName;

    @Option(
            names = "--stats",
            hidden = true,
            description = "Print elapsed time and peak heap on standard error at the end (benchmarks).")
    boolean stats;

    @ParentCommand
    SyncCli cli;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        long started = System.nanoTime();
        try (Operations operations = Operations.connect(stackName, cli.environment())) {
            return run(operations);
        } finally {
            if (stats) {
                long peak = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP)
                        .mapToLong(pool -> pool.getPeakUsage().getUsed())
                        .sum();
                err().printf(
                                java.util.Locale.ROOT,
                                "stats: elapsed %.1f s, peak heap %.1f MB (max heap %.0f MB)%n",
                                (System.nanoTime() - started) / 1e9,
                                peak / 1048576.0,
                                Runtime.getRuntime().maxMemory() / 1048576.0);
            }
        }
    }

    /** The command's work; returns the exit code. */
    abstract int run(Operations operations) throws Exception;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    StopFlag stop() {
        return cli.stop();
    }
}

package io.github.clarifais3sync.offline.bench;

import io.github.clarifais3sync.offline.ConsoleLog;
import io.github.clarifais3sync.offline.PositiveNumber;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./offline-stack bench [BENCHMARK]}: with no benchmark named, batching and one upload batch; each benchmark is
 * a subcommand of its own, also accepted in its older option form ({@code bench --drop} = {@code bench drop}).
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmarks on the offline stack.",
            "With no BENCHMARK: N adds in batches of 128, 32, 10 and 1 "
                    + "against the local Inputs API at its 15 requests/s limit, and one 128-object upload batch with "
                    + "its per-object steps 1 vs 16 at a time.",
            "Each benchmark also answers to --NAME (bench --drop is bench drop). Exit 1 when a benchmark "
                    + "misses its goal or fails."
        },
        subcommands = {
            StartupCommand.class,
            ColdStartCommand.class,
            MemoryCommand.class,
            StormCommand.class,
            WedgeCommand.class,
            DropCommand.class,
            BackfillCommand.class,
            LedgerCommand.class,
            RemovalsCommand.class,
            AllCommand.class,
            PeerCommand.class
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./offline-stack bench",
            "  ./offline-stack bench drop --objects 1000",
            "  ./offline-stack bench all",
            "Function and emulator logs: .local-stack/bench.log"
        })
public final class BenchCommand implements Callable<Integer> {

    @Option(
            names = "--inputs",
            paramLabel = "N",
            defaultValue = "256",
            converter = PositiveNumber.class,
            description = "inputs to add in each batch size (default: ${DEFAULT-VALUE})")
    int inputs;

    @Override
    public Integer call() throws Exception {
        return ConsoleLog.report(
                "bench",
                console -> Math.max(BatchingBenchmark.run(inputs, console), UploadBatchBenchmark.run(console)));
    }
}

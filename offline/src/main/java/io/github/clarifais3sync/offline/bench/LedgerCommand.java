package io.github.clarifais3sync.offline.bench;

import io.github.clarifais3sync.offline.ConsoleLog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./offline-stack bench ledger}. */
@Command(
        name = "ledger",
        aliases = "--ledger",
        mixinStandardHelpOptions = true,
        description = "The ledger's DynamoDB calls (ms each) on the emulator with 0, 2000 and N items in the table.",
        footerHeading = "%nExample:%n",
        footer = "  ./offline-stack bench ledger --objects 5000")
final class LedgerCommand implements Callable<Integer> {

    @Mixin
    BenchOptions.Objects objects;

    @Override
    public Integer call() throws Exception {
        return ConsoleLog.report("bench", console -> LedgerBenchmark.run(objects.value, console));
    }
}

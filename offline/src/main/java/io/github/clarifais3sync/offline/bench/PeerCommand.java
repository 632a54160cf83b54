package io.github.clarifais3sync.offline.bench;

import io.github.clarifais3sync.offline.ConsoleLog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./offline-stack bench peer}. */
@Command(
        name = "peer",
        aliases = "--peer",
        mixinStandardHelpOptions = true,
        description = "The same N JPEGs uploaded by Clarifai's Python SDK (Dataset.upload_from_folder, its defaults, "
                + "over the local Inputs API's gRPC endpoint) and dropped into the pipeline's bucket, each against a "
                + "fresh local Inputs API at 15 requests/s, faults off and on, then the SDK killed halfway; the "
                + "timeout applies to each run.",
        footerHeading = "%nExample:%n",
        footer = "  ./offline-stack bench peer --objects 200")
final class PeerCommand implements Callable<Integer> {

    @Mixin
    BenchOptions.Objects objects;

    @Mixin
    BenchOptions.Timeout timeout;

    @Override
    public Integer call() throws Exception {
        return ConsoleLog.report("bench", console -> PeerRace.run(objects.value, timeout.value, console));
    }
}

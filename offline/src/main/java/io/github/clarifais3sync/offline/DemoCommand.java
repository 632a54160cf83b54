package io.github.clarifais3sync.offline;

import io.github.clarifais3sync.offline.monitor.LocalDashboard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ./offline-stack demo}: sample images in, followed to indexed, one deleted; exit 1 if any step fails. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Sample images in, followed to indexed, one deleted: the first command to run.",
            "Starts the stack, puts sample images into the bucket, follows them to indexed in the local Inputs "
                    + "API, deletes one, then stops. Exit 1 if a step fails.",
            "Schedules fire every 2s unless --schedule-every says otherwise."
        },
        footerHeading = "%nExample:%n",
        footer = "  ./offline-stack demo")
final class DemoCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Override
    public Integer call() throws Exception {
        Path template = options.template();
        Path log = Path.of(".local-stack", "demo.log");
        return ConsoleLog.run(log, console -> {
            console.printf(
                    "Starting the offline stack from %s (emulators, local Inputs API, the template's "
                            + "functions); logs: %s%n",
                    template, log);
            boolean succeeded;
            try (OfflineStack stack = options.stack()
                            .scheduleEvery(options.scheduleEvery().orElse(Duration.ofSeconds(2)))
                            .inputsApi(() -> LocalInputsApiEndpoint.start(0, Duration.ofMillis(500)))
                            .start();
                    LocalDashboard dashboard = LocalDashboard.start(stack, 0)) {
                console.printf("Live dashboard (while the demo runs): %s%n", dashboard.url());
                succeeded = new Demo(stack, console).run();
            }
            console.println(succeeded ? "Demo succeeded." : "Demo FAILED; see " + log);
            return succeeded ? OfflineCli.EXIT_OK : OfflineCli.EXIT_FAILED;
        });
    }
}

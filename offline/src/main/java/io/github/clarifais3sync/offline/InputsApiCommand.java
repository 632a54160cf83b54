package io.github.clarifais3sync.offline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.github.clarifais3sync.local.inputsapi.LocalInputsApiMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ./offline-stack inputs-api [flags]}: the local Inputs API alone; its flags are the local Inputs API's own,
 * passed through as they are.
 */
@Command(name = "inputs-api", synopsisHeading = "", customSynopsis = "Usage: offline-stack inputs-api [FLAG...]",
        description = {"The local Clarifai Inputs API alone, until Ctrl-C.",
                "The same API the offline stack uses, for a client of your own. Its flags, listed below the "
                        + "examples, are passed to it as they are."},
        footerHeading = "%nExamples:%n",
        footer = {"  ./offline-stack inputs-api --port 8080",
                "  ./offline-stack inputs-api --throttle-rate 0.2 --latency-ms 50     a slow, throttling API",
                ""})
final class InputsApiCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Every argument: the local Inputs API parses its own flags. */
    @Unmatched
    List<String> flags = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (flags.contains("--help") || flags.contains("-h")) {
            spec.commandLine().usage(System.out);
        }
        LocalInputsApiMain.main(flags.toArray(String[]::new));
        return OfflineCli.EXIT_OK;
    }
}

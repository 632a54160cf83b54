package io.github.clarifais3sync.ops;

import picocli.CommandLine.Command;

@Command(name = "failures", mixinStandardHelpOptions = true, description = "TODO")
final class FailuresCommand extends TargetCommand {

    @Override
    int run(Operations operations) {
        err().println("failures: not implemented yet");
        return SyncCli.EXIT_USAGE;
    }
}

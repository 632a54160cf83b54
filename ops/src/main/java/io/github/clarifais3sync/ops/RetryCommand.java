package io.github.clarifais3sync.ops;

import picocli.CommandLine.Command;

@Command(name = "retry", mixinStandardHelpOptions = true, description = "TODO")
final class RetryCommand extends TargetCommand {

    @Override
    int run(Operations operations) {
        err().println("retry: not implemented yet");
        return SyncCli.EXIT_USAGE;
    }
}

package io.github.clarifais3sync.ops;

import picocli.CommandLine.Command;

@Command(name = "purge", mixinStandardHelpOptions = true, description = "TODO")
final class PurgeCommand extends TargetCommand {

    @Override
    int run(Operations operations) {
        err().println("purge: not implemented yet");
        return SyncCli.EXIT_USAGE;
    }
}

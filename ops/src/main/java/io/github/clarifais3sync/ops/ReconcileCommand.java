package io.github.clarifais3sync.ops;

import picocli.CommandLine.Command;

@Command(name = "reconcile", mixinStandardHelpOptions = true, description = "TODO")
final class ReconcileCommand extends TargetCommand {

    @Override
    int run(Operations operations) {
        err().println("reconcile: not implemented yet");
        return SyncCli.EXIT_USAGE;
    }
}

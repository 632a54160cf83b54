package io.github.clarifais3sync.ops;

import picocli.CommandLine.Command;

@Command(name = "explain", mixinStandardHelpOptions = true, description = "TODO")
final class ExplainCommand extends TargetCommand {

    @Override
    int run(Operations operations) {
        err().println("explain: not implemented yet");
        return SyncCli.EXIT_USAGE;
    }
}

package io.github.clarifais3sync.ops;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A command that works on one stack: {@code --stack NAME}, resolved once, then {@link #run(Operations)}. */
abstract class TargetCommand implements Callable<Integer> {

    @Option(names = "--stack", required = true, paramLabel = "NAME",
            description = "The CloudFormation stack (region and credentials the usual AWS way; AWS_ENDPOINT_URL for "
                    + "the offline stack).")
    String stackName;

    @ParentCommand
    SyncCli cli;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        try (Operations operations = Operations.connect(stackName, cli.environment())) {
            return run(operations);
        }
    }

    /** The command's work; returns the exit code. */
    abstract int run(Operations operations) throws Exception;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    StopFlag stop() {
        return cli.stop();
    }
}

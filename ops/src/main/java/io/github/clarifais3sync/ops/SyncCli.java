package io.github.clarifais3sync.ops;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./clarifai-sync}: operate a deployed clarifai-s3-sync stack, or the offline one. Exit codes: 0 done,
 * 1 findings or failures (status with dead letters, drift in a reconcile report), 2 usage or target errors.
 */
@Command(
        name = "clarifai-sync",
        mixinStandardHelpOptions = true,
        version = "clarifai-sync 0.1.0",
        description = "Operate a clarifai-s3-sync stack: status, backfill, failures, retry, reconcile, explain, purge.",
        subcommands = {
            StatusCommand.class,
            BackfillCommand.class,
            FailuresCommand.class,
            RetryCommand.class,
            ReconcileCommand.class,
            ExplainCommand.class,
            PurgeCommand.class,
            CommandLine.HelpCommand.class,
            picocli.AutoComplete.GenerateCompletion.class
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./clarifai-sync status --stack clarifai-s3-sync",
            "  ./clarifai-sync reconcile --stack clarifai-s3-sync --repair",
            "Against ./offline-stack up: export the AWS_* variables it prints, then use --stack clarifai-s3-sync.",
            "Bash/zsh completion: source <(./clarifai-sync generate-completion)",
            "%nExit codes: 0 done, 1 findings or failures, 2 usage or target error (nothing changed)."
        })
public final class SyncCli implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FINDINGS = 1;
    public static final int EXIT_USAGE = 2;

    private final Map<String, String> environment;
    private final StopFlag stop;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    SyncCli(Map<String, String> environment, StopFlag stop) {
        this.environment = Map.copyOf(environment);
        this.stop = stop;
    }

    public static void main(String[] args) {
        System.exit(execute(
                System.getenv(),
                StopFlag.onInterrupt(),
                new PrintWriter(System.out, true),
                new PrintWriter(System.err, true),
                args));
    }

    /** Runs one command line against the AWS (or offline) endpoint the environment names; returns the exit code. */
    public static int execute(
            Map<String, String> environment, StopFlag stop, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = commandLine(environment, stop);
        PrintWriter guardedOut = new PrintWriter(new TerminalText.GuardedWriter(out), true);
        PrintWriter guardedErr = new PrintWriter(new TerminalText.GuardedWriter(err), true);
        commandLine.setOut(guardedOut);
        commandLine.setErr(guardedErr);
        commandLine.setExecutionExceptionHandler((exception, line, parsed) -> {
            if (exception instanceof TargetException target) {
                line.getErr().println("clarifai-sync: " + TerminalText.safe(target.getMessage()));
                return EXIT_USAGE;
            }
            line.getErr()
                    .println("clarifai-sync: " + line.getCommandName() + " failed: " + TerminalText.safe(exception));
            return EXIT_FINDINGS;
        });
        try {
            return commandLine.execute(args);
        } finally {
            guardedOut.flush();
            guardedErr.flush();
            stop.finished();
        }
    }

    /** The command tree, as {@code ./clarifai-sync} parses it (also read by the docs check). */
    public static CommandLine commandLine(Map<String, String> environment, StopFlag stop) {
        CommandLine commandLine = new CommandLine(new SyncCli(environment, stop));
        commandLine.setUsageHelpWidth(100);
        // No colours: every control character printed is escaped (TerminalText), ANSI styles included.
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        return commandLine;
    }

    Map<String, String> environment() {
        return environment;
    }

    StopFlag stop() {
        return stop;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

package io.github.clarifais3sync.offline;

import io.github.clarifais3sync.offline.bench.BenchCommand;
import io.github.clarifais3sync.offline.template.TemplateException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./offline-stack}: the whole pipeline on one machine, no AWS account and no Docker. One class per command.
 * Exit codes: 0 done, 1 a failed run (demo, benchmark goal, chaos check, function error), 2 usage error.
 */
@Command(
        name = "offline-stack",
        mixinStandardHelpOptions = true,
        version = "offline-stack 0.1.0",
        description = "Run clarifai-s3-sync on this machine: AWS emulators, a local Clarifai Inputs API and the "
                + "functions of template.yaml, wired as AWS wires them.",
        subcommands = {
            DemoCommand.class,
            UpCommand.class,
            InvokeCommand.class,
            InputsApiCommand.class,
            BenchCommand.class,
            ChaosCommand.class,
            CommandLine.HelpCommand.class,
            picocli.AutoComplete.GenerateCompletion.class
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./offline-stack demo                    the first command to run: sample images to indexed",
            "  ./offline-stack up --watch ./photos     keep it running; copy files into ./photos",
            "  ./offline-stack bench --help            the benchmarks",
            "Bash/zsh completion: source <(./offline-stack generate-completion)",
            "%nExit codes: 0 done, 1 failed (demo, function error, benchmark goal missed, chaos findings), "
                    + "2 usage error."
        })
public final class OfflineCli implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** The command tree, as {@code ./offline-stack} parses it (also read by the docs check). */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new OfflineCli());
        commandLine.setUsageHelpWidth(110);
        commandLine.setExecutionExceptionHandler((exception, line, parsed) -> {
            if (exception instanceof IllegalArgumentException || exception instanceof TemplateException) {
                line.getErr().println("offline-stack: " + exception.getMessage());
                line.getErr()
                        .println("Try: ./offline-stack "
                                + line.getCommandSpec().qualifiedName(" ").replaceFirst("^offline-stack ?", "")
                                + " --help");
                return EXIT_USAGE;
            }
            line.getErr().println("offline-stack: " + line.getCommandName() + " failed: " + exception);
            exception.printStackTrace(line.getErr());
            return EXIT_FAILED;
        });
        return commandLine;
    }

    /** Runs one command line; returns the exit code. */
    public static int run(String... args) {
        CommandLine commandLine = commandLine();
        // Built per call: the streams are the ones in place now (the commands redirect System.out themselves).
        commandLine.setOut(new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

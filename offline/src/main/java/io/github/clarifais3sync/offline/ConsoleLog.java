package io.github.clarifais3sync.offline;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs work whose console output is its own: what the functions and emulators print goes to a log file. */
public final class ConsoleLog {

    /** Work that writes its report to the console it is given. */
    public interface Work {
        int run(PrintStream console) throws Exception;
    }

    private ConsoleLog() {}

    public static int run(Path log, Work work) throws Exception {
        PrintStream console = System.out;
        PrintStream savedErr = System.err;
        Files.createDirectories(log.getParent());
        try (PrintStream logStream =
                new PrintStream(new FileOutputStream(log.toFile()), true, StandardCharsets.UTF_8)) {
            System.setOut(logStream);
            System.setErr(logStream);
            return work.run(console);
        } finally {
            System.setOut(console);
            System.setErr(savedErr);
        }
    }

    /** Like {@link #run}, with the log's path printed first: where to look when a run goes wrong. */
    public static int report(String name, Work work) throws Exception {
        Path log = Path.of(".local-stack", name + ".log");
        return run(log, console -> {
            console.println("Function and emulator logs: " + log);
            return work.run(console);
        });
    }
}

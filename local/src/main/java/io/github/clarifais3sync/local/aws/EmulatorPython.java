package io.github.clarifais3sync.local.aws;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds the Python interpreter of the virtualenv that holds moto server: the {@value #PROPERTY} system property, else
 * the {@value #VARIABLE} environment variable (the launcher and run-tests set one of them from
 * {@code scripts/emulators-venv.sh}), else that script itself, found in the working directory or a parent of it and
 * run once (it creates the venv on first use). Nothing is read from a location fixed at build time.
 */
final class EmulatorPython {
    static final String PROPERTY = "clarifai.emulators.python";
    static final String VARIABLE = "CLARIFAI_EMULATORS_PYTHON";
    private static final String SCRIPT = "scripts/emulators-venv.sh";
    private static final long SCRIPT_TIMEOUT_MINUTES = 15;

    private static Path located;

    private EmulatorPython() {}

    static synchronized Path locate() throws IOException, InterruptedException {
        if (located != null) {
            return located;
        }
        String given = System.getProperty(PROPERTY, System.getenv(VARIABLE));
        if (given != null && !given.isBlank()) {
            Path python = Path.of(given);
            if (!Files.isExecutable(python)) {
                throw new IllegalStateException(
                        PROPERTY + "/" + VARIABLE + " names " + python + ", which is not an executable Python");
            }
            return located = python;
        }
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            Path script = directory.resolve(SCRIPT);
            if (Files.isRegularFile(script)) {
                return located = runScript(script, directory);
            }
        }
        throw new IllegalStateException("The AWS emulators (moto server) were not found: run " + SCRIPT
                + " in the repository, or set " + VARIABLE + " to a Python that has moto[server] 5.2.5");
    }

    private static Path runScript(Path script, Path repository) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of("bash", script.toString()))
                .directory(repository.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        process.getOutputStream().close();
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        if (!process.waitFor(SCRIPT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(script + " did not finish within " + SCRIPT_TIMEOUT_MINUTES + " minutes");
        }
        String[] lines = output.split("\n");
        Path python = Path.of(lines[lines.length - 1].strip());
        if (process.exitValue() != 0 || !Files.isExecutable(python)) {
            throw new IllegalStateException(script + " failed (exit " + process.exitValue() + "): " + output);
        }
        return python;
    }
}

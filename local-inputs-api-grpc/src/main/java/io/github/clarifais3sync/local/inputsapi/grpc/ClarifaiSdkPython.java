package io.github.clarifais3sync.local.inputsapi.grpc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Python of the virtualenv holding Clarifai's Python SDK and clarifai-grpc, pinned in
 * {@code scripts/clarifai-sdk-requirements.txt}: the {@value #VARIABLE} environment variable, else
 * {@code scripts/clarifai-sdk-venv.sh} found in the working directory or a parent of it and run once (it creates the
 * virtualenv on first use).
 */
public final class ClarifaiSdkPython {
    public static final String VARIABLE = "CLARIFAI_SDK_PYTHON";
    private static final String SCRIPT = "scripts/clarifai-sdk-venv.sh";
    private static final long SCRIPT_TIMEOUT_MINUTES = 15;

    private static Path located;

    private ClarifaiSdkPython() {}

    public static synchronized Path locate() throws IOException, InterruptedException {
        if (located != null) {
            return located;
        }
        String given = System.getenv(VARIABLE);
        if (given != null && !given.isBlank()) {
            if (!Files.isExecutable(Path.of(given))) {
                throw new IllegalStateException(VARIABLE + " names " + given + ", which is not an executable Python");
            }
            return located = Path.of(given);
        }
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve(SCRIPT))) {
                return located = install(directory);
            }
        }
        throw new IllegalStateException("Clarifai's Python SDK was not found: run " + SCRIPT
                + " in the repository, or set " + VARIABLE + " to a Python that has clarifai 12.5.0");
    }

    private static Path install(Path repository) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of("bash", SCRIPT))
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
            throw new IllegalStateException(SCRIPT + " did not finish within " + SCRIPT_TIMEOUT_MINUTES + " minutes");
        }
        Path python = Path.of(output.substring(output.lastIndexOf('\n') + 1).strip());
        if (process.exitValue() != 0 || !Files.isExecutable(python)) {
            throw new IllegalStateException(SCRIPT + " failed (exit " + process.exitValue() + ")");
        }
        return python;
    }
}

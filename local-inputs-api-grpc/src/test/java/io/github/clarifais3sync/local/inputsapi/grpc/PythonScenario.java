package io.github.clarifais3sync.local.inputsapi.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one scenario of a Python script in src/test/python against the twin and returns the JSON it printed last. */
final class PythonScenario {
    private static final long TIMEOUT_SECONDS = 120;

    private PythonScenario() {}

    static JsonNode run(String script, String scenario, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("scenario", ".out");
        try {
            List<String> command = new ArrayList<>(List.of(
                    ClarifaiSdkPython.locate().toString(),
                    Path.of("src/test/python", script).toString(),
                    scenario));
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(script + " " + scenario + " did not finish within " + TIMEOUT_SECONDS + " s:\n"
                        + Files.readString(output));
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new AssertionError(script + " " + scenario + " failed:\n" + printed);
            }
            return new ObjectMapper().readTree(printed.substring(printed.lastIndexOf('\n') + 1));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}

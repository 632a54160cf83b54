package io.github.clarifais3sync.offline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The functions' deployment package stays within its budget: the zip `sam build` + `sam deploy` upload, built the same
 * way (functions/target/classes at the root, the runtime dependencies the functions build copies to
 * functions/target/package-lib in lib/, deflated), must not pass 12 MiB. Every megabyte is paid at each cold start's
 * code download and unpacking (docs/benchmarks.md "Package").
 * The same measurement is the package part of {@code ./offline-stack bench all}.
 */
class DeploymentPackageSizeTest {

    @Test
    void theDeploymentZipIsAtMostTwelveMebibytes() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Goals goals = new Goals();

        int exit = BenchAll.packageSize(Path.of(".."), new PrintStream(bytes, true, StandardCharsets.UTF_8), goals);

        String printed = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
        assertEquals(
                0, exit, "run through Maven from the repository (the functions build makes package-lib): " + printed);
        assertTrue(goals.allMet(), printed);
    }
}

package io.github.clarifais3sync.local.inputsapi;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The API as users run it (its own JVM, default heap) stays under 1 GB resident through every hostile request of
 * {@link HostileRequests}. Resident memory is the kernel's peak for the process, {@code VmHWM} in
 * {@code /proc/<pid>/status} (https://docs.kernel.org/filesystems/proc.html), so the test runs where there is a /proc.
 */
class ResidentMemoryTest {
    private static final long LIMIT_BYTES = 1024L * 1024 * 1024;
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final Pattern PEAK = Pattern.compile("(?m)^VmHWM:\\s+(\\d+) kB");

    @Test
    void hostileRequestsKeepTheServerUnderOneGigabyteResident() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs /proc to read resident memory");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        LocalInputsApiMain.class.getName(),
                        "--port",
                        "0",
                        "--quiet",
                        "--rate-limit",
                        "0",
                        "--processing-delay-ms",
                        "0",
                        "--delete-delay-ms",
                        "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            Matcher listening = LISTENING.matcher(line == null ? "" : line);
            assertTrue(listening.find(), "the API started: " + line);
            Thread.ofVirtual().start(() -> drain(out));

            HostileRequests hostile = new HostileRequests(listening.group(1), LocalInputsApi.DEFAULT_API_KEY);
            hostile.decompressionBombs("bomb");
            hostile.declaredHugeIdList();
            hostile.chunkedHugeAdd();
            hostile.tooManyTokens();
            hostile.largestBase64Image("largest");

            long peak = peakResidentBytes(server.pid());
            System.out.printf("local Inputs API peak resident memory (VmHWM): %d MB%n", peak / (1024 * 1024));
            assertTrue(peak < LIMIT_BYTES, "peak resident memory " + peak + " bytes");
        } finally {
            server.destroyForcibly();
            server.waitFor();
        }
    }

    private static long peakResidentBytes(long pid) throws IOException {
        Matcher peak = PEAK.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        assertTrue(peak.find(), "VmHWM in /proc/" + pid + "/status");
        return Long.parseLong(peak.group(1)) * 1024;
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // The banner's other lines.
            }
        } catch (IOException e) {
            // The server ended.
        }
    }
}

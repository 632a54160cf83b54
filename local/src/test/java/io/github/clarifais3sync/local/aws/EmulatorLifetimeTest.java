package io.github.clarifais3sync.local.aws;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The emulator child process never outlives the JVM that started it, however that JVM ends: closed normally, killed
 * with SIGKILL (a crash; no shutdown hook runs), or interrupted with SIGINT (Ctrl-C).
 */
class EmulatorLifetimeTest {

    @Test
    void emulatorEndsWhenItsJvmIsKilledWithSigkill() throws Exception {
        assertEmulatorEndsWith("KILL");
    }

    @Test
    void emulatorEndsWhenItsJvmIsInterruptedWithSigint() throws Exception {
        assertEmulatorEndsWith("INT");
    }

    @Test
    void emulatorEndsWhenLocalAwsCloses() throws Exception {
        LocalAws aws = LocalAws.start();
        List<ProcessHandle> emulators = aws.emulatorPids().stream()
                .map(pid -> ProcessHandle.of(pid).orElseThrow())
                .toList();
        aws.close();
        assertTrue(emulators.stream().noneMatch(ProcessHandle::isAlive));
    }

    private static void assertEmulatorEndsWith(String signal) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A background job of a non-interactive shell starts with SIGINT ignored, its children inherit that, and a JVM
        // started with SIGINT ignored never runs its shutdown hooks on SIGINT: reset it to the default, as a terminal's
        // foreground job has it (https://www.gnu.org/software/bash/manual/html_node/Signals.html).
        ProcessBuilder builder = new ProcessBuilder(
                        "env",
                        "--default-signal=INT",
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        LocalAwsMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        Process jvm = builder.start();
        List<ProcessHandle> emulators = new ArrayList<>();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("emulator-pids="), "LocalAws started: " + line);
            for (String pid : line.substring("emulator-pids=".length()).split(",")) {
                Optional<ProcessHandle> found = ProcessHandle.of(Long.parseLong(pid));
                assertTrue(found.isPresent() && found.get().isAlive(), "emulator " + pid + " runs");
                emulators.add(found.get());
            }

            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(jvm.pid()))
                    .inheritIO()
                    .start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal);
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS), "the JVM ended");

            for (ProcessHandle emulator : emulators) {
                emulator.onExit()
                        .completeOnTimeout(emulator, 15, TimeUnit.SECONDS)
                        .join();
                assertFalse(
                        emulator.isAlive(),
                        "emulator " + emulator.pid() + " left running after kill -" + signal + " of its JVM");
            }
        } finally {
            jvm.destroyForcibly();
            emulators.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }
}

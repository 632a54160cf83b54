package io.github.clarifais3sync.offline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// The summary of `./offline-stack bench --all` and its package-size part (the parts that start stacks are benchmarks).
class GoalsTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theTableShowsEachGoalMetOrMissed_andFiguresWithoutAVerdict() {
        Goals goals = new Goals();
        goals.goal("package", "zip <= 12 MiB", "10,465,040 bytes", true);
        goals.goal("cold start", "upload <= 2x", "3.81x", false);
        goals.figure("drop", "images/s, batched vs naive", "30.1 vs 11.2 (2.7x)");

        goals.print(out);

        assertFalse(goals.allMet());
        assertTrue(printed().contains("package | zip <= 12 MiB | 10,465,040 bytes | met\n"), printed());
        assertTrue(printed().contains("cold start | upload <= 2x | 3.81x | MISSED\n"), printed());
        assertTrue(printed().contains("drop | images/s, batched vs naive | 30.1 vs 11.2 (2.7x) | -\n"), printed());
        assertTrue(printed().endsWith("1 of 2 goals MISSED.\n"), printed());
    }

    @Test
    void packageSize_zipsClassesAndLibLikeSamBuild_andHoldsItToTwelveMebibytes(@TempDir Path checkout)
            throws Exception {
        Path classes = Files.createDirectories(checkout.resolve("functions/target/classes/io"));
        Path lib = Files.createDirectories(checkout.resolve("functions/target/package-lib"));
        Files.write(classes.resolve("Handler.class"), new byte[2048]);
        byte[] incompressible = new byte[1024 * 1024];
        new Random(7).nextBytes(incompressible);
        Files.write(lib.resolve("small.jar"), incompressible);
        Goals small = new Goals();

        assertEquals(0, BenchAll.packageSize(checkout, out, small));
        assertTrue(small.allMet(), printed());

        byte[] large = new byte[13 * 1024 * 1024];
        new Random(8).nextBytes(large);
        Files.write(lib.resolve("large.jar"), large);
        Goals over = new Goals();

        assertEquals(0, BenchAll.packageSize(checkout, out, over));
        assertFalse(over.allMet(), "13 MiB of random bytes cannot zip under 12 MiB");
        assertEquals(Goals.Result.MISSED, over.rows().get(0).result());
    }

    @Test
    void aPartOfBenchAllThatMeasuredNothing_isAMissedGoal_soTheRunCannotPassWithoutIt() {
        Goals goals = new Goals();
        List<String> parts = new ArrayList<>();

        assertTrue(BenchAll.part("measures", parts, goals, out, () -> {
            goals.figure("measures", "a figure", "42");
            return 0;
        }));
        assertTrue(BenchAll.part("cannot run here", parts, goals, out, () -> 2));
        assertFalse(BenchAll.part("throws", parts, goals, out, () -> {
            throw new IllegalStateException("no /proc");
        }));

        assertFalse(goals.allMet());
        assertEquals(
                List.of(Goals.Result.FIGURE, Goals.Result.MISSED, Goals.Result.MISSED),
                goals.rows().stream().map(Goals.Row::result).toList());
        assertTrue(parts.get(2).contains("FAILED"), parts.toString());
    }

    @Test
    void packageSize_withoutABuild_saysSoAndMeasuresNothing(@TempDir Path checkout) throws Exception {
        Goals goals = new Goals();

        assertEquals(1, BenchAll.packageSize(checkout, out, goals));
        assertTrue(goals.rows().isEmpty());
        assertTrue(printed().contains("build the functions module first"), printed());
    }
}

package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clarifais3sync.local.inputsapi.RequestKind;
import io.github.clarifais3sync.offline.chaos.ChaosFaults;
import io.github.clarifais3sync.offline.chaos.ChaosPlan.Case;
import io.github.clarifais3sync.offline.chaos.ChaosRun;
import io.github.clarifais3sync.offline.chaos.ChaosRun.Result;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos run of {@code ./offline-stack chaos}, CI-sized: 20 keys covering every case (unusual names, a
 * {@code .txt}, text under an image name, a zero-byte object, overwrites, put-then-delete, delete-then-put, deletes
 * and overwrites after the drop) from 4 writers, while the local Inputs API throttles, fails with 5xx, drops
 * connections, adds latency and fails single inputs. Once the pipeline is quiet, bucket, ledger and app agree: no
 * image lost, none twice, no input of an older version (stale) or of a removed object (orphan), every failure
 * recorded with a code, and the run's report counts the requests the functions made.
 */
class ChaosTest {

    @TempDir
    Path directory;

    @Test
    void underInjectedFaults_bucketLedgerAndAppAgree() throws Exception {
        ChaosRun.Settings settings =
                new ChaosRun.Settings(20, 4, 13, ChaosFaults.DEFAULT, Duration.ofMinutes(4), Duration.ofSeconds(2));
        // A 20 s upload timeout (the fast template's 8 s is too short on a loaded machine: invocations time out, and
        // messages that run out of receives end on the dead-letter queue, which the run reports but cannot wait for).
        try (PipelineHarness pipeline = PipelineHarness.startFast(directory, 20, Map.of())) {
            Result result = ChaosRun.run(pipeline.stack(), pipeline.inputsApi(), settings, System.out);
            result.print(System.out);

            assertTrue(result.quiet(), "the pipeline became quiet");
            assertEquals(List.of(), result.agreement().lost(), "lost");
            assertEquals(List.of(), result.agreement().duplicate(), "duplicate");
            assertEquals(List.of(), result.agreement().stale(), "stale");
            assertEquals(List.of(), result.agreement().orphan(), "orphan");
            assertEquals(List.of(), result.agreement().ledger(), "ledger disagreements");
            assertTrue(
                    result.cases().values().stream().allMatch(count -> count > 0), "every case ran: " + result.cases());
            assertTrue(
                    result.agreement().failures().keySet().stream().noneMatch(code -> code.equals("(none)")),
                    "every failure has a code: " + result.agreement().failures());
            assertEquals(
                    result.cases().get(Case.TEXT_AS_IMAGE),
                    result.agreement().failures().values().stream()
                            .mapToInt(Integer::intValue)
                            .sum(),
                    "the text under an image name is the one failure: "
                            + result.agreement().failures());
            assertTrue(
                    result.injected().throttledRequests()
                                    + result.injected().failedRequests()
                                    + result.injected().droppedConnections()
                            > 0,
                    "faults were injected: " + result.injected());
            assertTrue(result.requests().total(RequestKind.ADD) > 0, "requests were counted");
        }
    }
}

package io.github.clarifais3sync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clarifais3sync.fakes.FakeInputsClient;
import io.github.clarifais3sync.fakes.InMemoryLedger;
import io.github.clarifais3sync.fakes.RecordingMetrics;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.sync.StaleInputs.Retired;
import io.github.clarifais3sync.sync.StaleInputs.Retirement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

// Many keys' retirements in shared DeleteInputs requests, with a fake Clarifai and an in-memory ledger.
class StaleInputsTest {

    private static final String BUCKET = "bucket";

    private final FakeInputsClient clarifai = new FakeInputsClient();
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final StaleInputs staleInputs = new StaleInputs(ledger, clarifai, metrics, Clock.systemUTC());

    private ObjectVersion posted(String key, String sequencer) {
        ObjectVersion version = ObjectVersion.of(BUCKET, key, 10, "etag", null, sequencer, null);
        ledger.recordQueued(version, Instant.now());
        ledger.markPosted(version, Instant.now());
        return version;
    }

    private static Retirement removed(String key) {
        return Retirement.olderThan(BUCKET, key, "00FF", null, "object removed");
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(30));
    }

    @Test
    void retireAll_ofThreeHundredKeys_sendsOneRequestPer128Inputs() {
        List<Retirement> retirements = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            posted("k" + i, "0001");
            retirements.add(removed("k" + i));
        }

        List<Retired> results = staleInputs.retireAll(retirements, deadline());

        assertEquals(3, clarifai.deleteRequests.size(), "ceil(300 / 128) requests");
        assertTrue(clarifai.deleteRequests.stream().allMatch(request -> request.size() <= 128));
        assertEquals(300, new HashSet<>(clarifai.deleted).size());
        assertTrue(results.stream().allMatch(r -> r.succeeded() && r.inputsDeleted() == 1));
        assertEquals(
                InputState.DELETED, ledger.versionsOf(BUCKET, "k299").get(0).state());
    }

    @Test
    void retireAll_ofOneRemovalDeliveredTwice_deletesItsInputInOneRequestAndCountsItOnce() {
        posted("twice.jpg", "0001");

        List<Retired> results = staleInputs.retireAll(List.of(removed("twice.jpg"), removed("twice.jpg")), deadline());

        assertEquals(1, clarifai.deleteRequests.size());
        assertEquals(1, clarifai.deleteRequests.get(0).size(), "the input's id once");
        assertTrue(results.stream().allMatch(Retired::succeeded));
        assertEquals(1.0, metrics.sum("InputsDeleted"));
    }

    @Test
    void retireAll_whenTheAppRefusesOneRequest_failsOnlyTheRetirementsWhoseIdsItCarried() {
        List<Retirement> retirements = new ArrayList<>();
        List<ObjectVersion> versions = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            versions.add(posted("k" + i, "0001"));
            retirements.add(removed("k" + i));
        }
        clarifai.refuseDeletesOf(versions.get(150).inputId());

        List<Retired> results = staleInputs.retireAll(retirements, deadline());

        assertEquals(2, clarifai.deleteRequests.size());
        List<String> refused = clarifai.deleteRequests.get(1);
        for (int i = 0; i < 200; i++) {
            boolean carried = refused.contains(versions.get(i).inputId());
            assertEquals(!carried, results.get(i).succeeded(), "k" + i);
            assertEquals(
                    carried ? InputState.POSTED : InputState.DELETED,
                    ledger.entry(BUCKET, "k" + i, versions.get(i).inputId()).state(),
                    "k" + i);
        }
        assertEquals(128, results.stream().filter(Retired::succeeded).count());
    }

    @Test
    void retireAll_ofKeysNeverSyncedOrNeverAccepted_sendsNothing() {
        ObjectVersion queued = ObjectVersion.of(BUCKET, "queued.jpg", 10, "etag", null, "0001", null);
        ledger.recordQueued(queued, Instant.now());

        List<Retired> results =
                staleInputs.retireAll(List.of(removed("never-synced.jpg"), removed("queued.jpg")), deadline());

        assertTrue(clarifai.deleteRequests.isEmpty(), "no DELETE for an input that cannot exist");
        assertTrue(results.stream().allMatch(Retired::succeeded));
        assertEquals(
                InputState.DELETED,
                ledger.entry(BUCKET, "queued.jpg", queued.inputId()).state());
    }

    @Test
    void retireAll_aRemovalAndAReputOfTheSameKey_keepsTheNewVersionsInput() {
        ObjectVersion old = posted("same.jpg", "0001");
        ObjectVersion reput = posted("same.jpg", "0300");

        List<Retired> results = staleInputs.retireAll(
                List.of(Retirement.olderThan(BUCKET, "same.jpg", "0200", null, "object removed")), deadline());

        assertEquals(List.of(List.of(old.inputId())), clarifai.deleteRequests);
        assertEquals(1, results.get(0).inputsDeleted());
        assertEquals(
                InputState.POSTED,
                ledger.entry(BUCKET, "same.jpg", reput.inputId()).state());
        assertFalse(clarifai.deleted.contains(reput.inputId()));
    }
}

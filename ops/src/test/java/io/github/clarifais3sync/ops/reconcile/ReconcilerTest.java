package io.github.clarifais3sync.ops.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.LedgerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

    private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void eachKindOfDriftIsFoundOnItsKeyWithWhatARepairDoes() {
        List<BucketObject> objects = List.of(
                object("dup.jpg", "e1"),
                object("failed.jpg", "e1"),
                object("missing-known.jpg", "e1"),
                object("missing-new.jpg", "e1"),
                object("ok.jpg", "e1"),
                object("pending.jpg", "e1"),
                object("stale.jpg", "e2"));
        List<LedgerEntry> ledger = List.of(
                entry("dup.jpg", "d1", "e1", InputState.INDEXED),
                entry("failed.jpg", "f1", "e1", InputState.FAILED),
                entry("gone.jpg", "g1", "e1", InputState.INDEXED),
                entry("ledger-only.jpg", "l1", "e1", InputState.INDEXED),
                entry("missing-known.jpg", "m1", "e1", InputState.INDEXED),
                entry("ok.jpg", "o1", "e1", InputState.INDEXED),
                entry("pending.jpg", "p1", "e1", InputState.QUEUED),
                entry("stale.jpg", "s1", "e1", InputState.INDEXED));
        List<AppInput> inputs = List.of(
                input("dup.jpg", "d1", "e1"),
                input("dup.jpg", "d2", "e1"),
                input("failed.jpg", "f1", "e1", 30002),
                input("gone.jpg", "g1", "e1"),
                input("ok.jpg", "o1", "e1"),
                input("stale.jpg", "s1", "e1"));

        List<Finding> found = new ArrayList<>();
        Reconciler.Counts counts =
                new Reconciler(objects.iterator(), ledger.iterator(), inputs.iterator()).run(found::add, () -> false);

        Map<String, Finding.Kind> kinds = found.stream().collect(Collectors.toMap(Finding::key, Finding::kind));
        assertEquals(
                Map.of(
                        "dup.jpg",
                        Finding.Kind.DUPLICATE,
                        "failed.jpg",
                        Finding.Kind.FAILED,
                        "gone.jpg",
                        Finding.Kind.ORPHAN,
                        "ledger-only.jpg",
                        Finding.Kind.LEDGER_ONLY,
                        "missing-known.jpg",
                        Finding.Kind.MISSING,
                        "missing-new.jpg",
                        Finding.Kind.MISSING,
                        "pending.jpg",
                        Finding.Kind.PENDING,
                        "stale.jpg",
                        Finding.Kind.STALE),
                kinds);
        assertEquals(9, counts.keys());
        Map<String, Finding> byKey = found.stream().collect(Collectors.toMap(Finding::key, f -> f));
        assertEquals(List.of("d2"), byKey.get("dup.jpg").delete(), "the input the ledger knows is kept");
        assertEquals(List.of("g1"), byKey.get("gone.jpg").delete());
        assertEquals("g1", byKey.get("gone.jpg").close().get(0).inputId());
        assertEquals("m1", byKey.get("missing-known.jpg").retry().inputId(), "a known version goes again");
        assertEquals("missing-new.jpg", byKey.get("missing-new.jpg").queue().key(), "a new one is listed");
        assertEquals(List.of("s1"), byKey.get("stale.jpg").delete());
        assertEquals("stale.jpg", byKey.get("stale.jpg").queue().key(), "the current content is queued");
        assertEquals("l1", byKey.get("ledger-only.jpg").close().get(0).inputId());
    }

    @Test
    void inputsOfKeysTheFilterNoLongerSyncsAreOrphans() {
        List<Finding> found = new ArrayList<>();
        new Reconciler(
                        List.of(new BucketObject("notes.txt", "e1", 1, T, false))
                                .iterator(),
                        List.<LedgerEntry>of().iterator(),
                        List.of(input("notes.txt", "n1", "e1")).iterator())
                .run(found::add, () -> false);
        assertEquals(Finding.Kind.ORPHAN, found.get(0).kind());
    }

    @Test
    void anUnsortedViewStopsTheMergeRatherThanMisreportIt() {
        List<BucketObject> unsorted = List.of(object("b.jpg", "e"), object("a.jpg", "e"));
        assertThrows(
                IllegalStateException.class,
                () -> new Reconciler(
                                unsorted.iterator(),
                                List.<LedgerEntry>of().iterator(),
                                List.<AppInput>of().iterator())
                        .run(f -> {}, () -> false));
    }

    private static BucketObject object(String key, String eTag) {
        return new BucketObject(key, eTag, 10, T, true);
    }

    private static LedgerEntry entry(String key, String id, String eTag, InputState state) {
        return new LedgerEntry(
                "b", key, id, null, eTag, 10, "", state, 0, "", 1, T, T, state.accepted() ? T : null, null);
    }

    private static AppInput input(String key, String id, String eTag) {
        return input(key, id, eTag, 30000);
    }

    private static AppInput input(String key, String id, String eTag, int code) {
        return new AppInput(key, id, eTag, code);
    }
}

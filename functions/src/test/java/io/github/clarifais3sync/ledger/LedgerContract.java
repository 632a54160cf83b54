package io.github.clarifais3sync.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clarifais3sync.ledger.Ledger.KeyHead;
import io.github.clarifais3sync.model.ObjectVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Ledger} contract, run against every implementation: InMemoryLedger here (InMemoryLedgerTest) and
 * DynamoDbLedger on the DynamoDB emulator (offline module, DynamoDbLedgerTest, through this module's test-jar).
 * Each test writes under its own bucket name, so implementations that share a table between tests never see each
 * other's items.
 */
public abstract class LedgerContract {

    protected static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    /** The ledger under test. */
    protected abstract Ledger ledger();

    /** Keys of this bucket that the store itself holds as awaiting a status check (DynamoDB: the sparse index). */
    protected abstract Set<String> keysAwaitingStatus(String bucket);

    /** Checks, in the store's own terms, that a version no longer awaits status. */
    protected void assertSettledInStore(ObjectVersion version) {}

    /** Checks, in the store's own terms, that a version awaits status. */
    protected void assertAwaitingInStore(ObjectVersion version) {}

    protected String bucket;

    @BeforeEach
    void newBucket() {
        bucket = "ledger-" + UUID.randomUUID();
    }

    @Test
    void recordQueued_whenSameVersionRecordedTwice_keepsTheFirstRecord() {
        ObjectVersion first = version("a.jpg", 100, "etag-1", "0A");
        ObjectVersion again = new ObjectVersion(bucket, "a.jpg", 200, "etag-2", null, "0A", null, first.inputId());

        ledger().recordQueued(first, NOW);
        ledger().recordQueued(again, NOW.plusSeconds(60));

        LedgerEntry entry = ledger().find(bucket, "a.jpg", first.inputId()).orElseThrow();
        assertEquals(InputState.QUEUED, entry.state());
        assertEquals(NOW, entry.createdAt());
        assertEquals("etag-1", entry.eTag());
        assertEquals(100, entry.size());
        assertEquals(1, ledger().versionsOf(bucket, "a.jpg").size());
    }

    @Test
    void keysWithHead_whenManyKeysAsked_returnsExactlyThoseWithAnEventRecorded() {
        List<String> asked = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 130; i++) {
            String key = "page/key " + i + (i % 7 == 0 ? " é.jpg" : ".jpg");
            asked.add(key);
            if (i % 3 == 0) {
                ledger().recordQueued(version(key, 10, "e", "0A"), NOW);
                expected.add(key);
            } else if (i % 11 == 0) {
                ledger().recordRemoved(bucket, key, "0B", NOW);
                expected.add(key);
            }
        }
        asked.add(asked.get(0));
        ledger().recordQueued(ObjectVersion.of("other-" + bucket, "page/key 1.jpg", 10, "e", null, "0A", null), NOW);

        assertEquals(expected, ledger().keysWithHead(bucket, asked));
        assertEquals(Set.of(), ledger().keysWithHead(bucket, List.of()));
    }

    @Test
    void head_whenEventsOfDifferentSequencerLengthsArrive_advancesOnlyToNewerOnes() {
        ObjectVersion first = version("k.jpg", 1, "e", "0A0000001");
        ledger().recordQueued(first, NOW);
        assertEquals(
                Optional.of(new KeyHead(padded("0A0000001"), false, first.inputId())), ledger().head(bucket, "k.jpg"));

        assertFalse(ledger().recordRemoved(bucket, "k.jpg", "0A", NOW), "0A is 0A0000000, before 0A0000001");
        assertFalse(
                ledger().recordRemoved(bucket, "k.jpg", "0a00000010", NOW),
                "the same sequencer in lower case with a trailing zero is the same event");
        assertEquals(
                Optional.of(new KeyHead(padded("0A0000001"), false, first.inputId())), ledger().head(bucket, "k.jpg"));

        assertTrue(ledger().recordRemoved(bucket, "k.jpg", "0A00000011", NOW));
        assertEquals(
                Optional.of(new KeyHead(padded("0A00000011"), true, null)),
                ledger().head(bucket, "k.jpg"),
                "a removal keeps no input id");

        ledger().recordQueued(version("k.jpg", 1, "e", "0A00000010FF"), NOW);
        assertEquals(
                Optional.of(new KeyHead(padded("0A00000011"), true, null)),
                ledger().head(bucket, "k.jpg"),
                "a longer but older put does not move the head back");

        ObjectVersion newest = version("k.jpg", 1, "e2", "0B");
        ledger().recordQueued(newest, NOW);
        assertEquals(Optional.of(new KeyHead(padded("0B"), false, newest.inputId())), ledger().head(bucket, "k.jpg"));
    }

    @Test
    void recordVersionQueued_leavesTheHeadAlone_andRecordSentAdvancesItWithTheInputId() {
        ObjectVersion version = version("sent.jpg", 1, "e", "0A0000001");

        ledger().recordVersionQueued(version, NOW);

        assertEquals(
                InputState.QUEUED,
                ledger().find(bucket, "sent.jpg", version.inputId())
                        .orElseThrow()
                        .state());
        assertEquals(Optional.empty(), ledger().head(bucket, "sent.jpg"), "not on the queue yet: no head");
        assertEquals(Set.of(), ledger().keysWithHead(bucket, List.of("sent.jpg")));

        ledger().recordSent(version, NOW);

        KeyHead head = ledger().head(bucket, "sent.jpg").orElseThrow();
        assertEquals(new KeyHead(padded("0A0000001"), false, version.inputId()), head);
        assertTrue(head.isVersion(version.inputId()));
        assertFalse(head.isVersion(version("sent.jpg", 1, "other", "0A0000002").inputId()));
        assertEquals(Set.of("sent.jpg"), ledger().keysWithHead(bucket, List.of("sent.jpg")));
    }

    @Test
    void markPosted_whenVersionMarkedDeletedFirst_refusesAndKeepsItDeleted() {
        ObjectVersion version = version("racy.jpg", 10, "e", "01");
        ledger().recordQueued(version, NOW);

        assertEquals(
                Optional.of(InputState.QUEUED),
                ledger().markDeleted(bucket, "racy.jpg", version.inputId(), "removed", NOW)
                        .map(LedgerEntry::state));
        boolean posted = ledger().markPosted(version, NOW.plusSeconds(1));

        assertFalse(posted);
        LedgerEntry entry = ledger().find(bucket, "racy.jpg", version.inputId()).orElseThrow();
        assertEquals(InputState.DELETED, entry.state());
        assertEquals(null, entry.postedAt());
        assertFalse(entry.everAccepted());
        assertSettledInStore(version);
    }

    @Test
    void markPosted_whenAlreadyPosted_changesNothingAndSaysTheVersionIsNotDeleted() {
        ObjectVersion version = posted("again.jpg", NOW);

        boolean again = ledger().markPosted(version, NOW.plusSeconds(5));

        assertTrue(again, "a redelivered add of a posted version must not be taken for a racing delete");
        assertEquals(1, entry(version).attempts());
        assertEquals(NOW, entry(version).postedAt());
    }

    @Test
    void markDeleted_whenCalledTwice_returnsThePreviousStateOnceThenEmpty() {
        ObjectVersion version = version("twice.jpg", 10, "e", "01");
        ledger().recordQueued(version, NOW);
        assertTrue(ledger().markPosted(version, NOW));

        Optional<InputState> first = ledger().markDeleted(bucket, "twice.jpg", version.inputId(), "removed", NOW)
                .map(LedgerEntry::state);
        Optional<InputState> second = ledger().markDeleted(bucket, "twice.jpg", version.inputId(), "again", NOW)
                .map(LedgerEntry::state);

        assertEquals(Optional.of(InputState.POSTED), first);
        assertEquals(Optional.empty(), second);
        LedgerEntry entry =
                ledger().find(bucket, "twice.jpg", version.inputId()).orElseThrow();
        assertEquals("removed", entry.statusDescription(), "the second delete changed nothing");
        assertTrue(entry.everAccepted(), "a deleted version remembers that an add accepted it");
    }

    @Test
    void markDeleted_whenTheVersionIsUnknown_recordsItDeleted() {
        ObjectVersion version = version("never-queued.jpg", 10, "e", "01");

        Optional<LedgerEntry> previous =
                ledger().markDeleted(bucket, "never-queued.jpg", version.inputId(), "removed before upload", NOW);

        assertEquals(Optional.empty(), previous);
        assertEquals(InputState.DELETED, entry(version).state());
        assertFalse(ledger().markPosted(version, NOW), "a version deleted before it was known is never posted");
    }

    @Test
    void markFailed_whenQueued_recordsTheCodeAndALaterPostMayStillSucceed() {
        ObjectVersion version = queued("refused.jpg");

        ledger().markFailed(version, 30300, "bad bytes", NOW);
        assertEquals(InputState.FAILED, entry(version).state());
        assertEquals(30300, entry(version).statusCode());
        assertFalse(entry(version).mayExistInApp());

        assertTrue(ledger().markPosted(version, NOW.plusSeconds(1)), "failed → posted is an allowed transition");
        assertEquals(2, entry(version).attempts());
    }

    @Test
    void dueForStatus_whenVersionsInEveryState_returnsOnlyPostedAndProcessingWhoseCheckIsDue() {
        ObjectVersion queued = queued("queued.jpg");
        ObjectVersion posted = posted("posted.jpg", NOW);
        ObjectVersion processingLater = posted("processing.jpg", NOW);
        ledger().recordStatus(
                        entry(processingLater),
                        InputState.PROCESSING,
                        30003,
                        "in progress",
                        NOW,
                        NOW.plus(Duration.ofMinutes(10)));
        ObjectVersion indexed = posted("indexed.jpg", NOW);
        ledger().recordStatus(entry(indexed), InputState.INDEXED, 30000, "ok", NOW, null);
        ObjectVersion deleted = posted("deleted.jpg", NOW);
        ledger().markDeleted(bucket, "deleted.jpg", deleted.inputId(), "removed", NOW);
        ObjectVersion failed = queued("failed.jpg");
        ledger().markFailed(failed, 21200, "bad image", NOW);
        ObjectVersion postedLater = posted("later.jpg", NOW.plus(Duration.ofMinutes(5)));

        Set<String> dueSoon = dueKeys(NOW.plus(Duration.ofMinutes(1)));
        Set<String> dueLater = dueKeys(NOW.plus(Duration.ofMinutes(11)));

        assertEquals(Set.of("posted.jpg"), dueSoon);
        assertEquals(Set.of("posted.jpg", "processing.jpg", "later.jpg"), dueLater);
        assertEquals(
                Set.of("posted.jpg", "processing.jpg", "later.jpg"),
                keysAwaitingStatus(bucket),
                "the store holds exactly the versions awaiting status as such");
        for (ObjectVersion settled : List.of(queued, indexed, deleted, failed)) {
            assertSettledInStore(settled);
        }
        assertAwaitingInStore(postedLater);
        assertAwaitingInStore(posted);
    }

    @Test
    void recordStatus_whenIndexed_removesTheVersionFromThoseAwaitingStatus() {
        ObjectVersion version = posted("done.jpg", NOW);
        assertEquals(Set.of("done.jpg"), keysAwaitingStatus(bucket));

        ledger().recordStatus(entry(version), InputState.INDEXED, 30000, "Download complete", NOW.plusSeconds(5), null);

        assertEquals(Set.of(), keysAwaitingStatus(bucket));
        assertEquals(Set.of(), dueKeys(NOW.plus(Duration.ofDays(1))));
        LedgerEntry entry = entry(version);
        assertEquals(InputState.INDEXED, entry.state());
        assertEquals(30000, entry.statusCode());
        assertSettledInStore(version);
    }

    @Test
    void recordStatus_whenVersionDeletedMeanwhile_leavesItDeleted() {
        ObjectVersion version = posted("gone.jpg", NOW);
        LedgerEntry seenByPoller = entry(version);
        ledger().markDeleted(bucket, "gone.jpg", version.inputId(), "removed", NOW);

        ledger().recordStatus(seenByPoller, InputState.INDEXED, 30000, "ok", NOW.plusSeconds(1), null);

        assertEquals(InputState.DELETED, entry(version).state());
        assertEquals(Set.of(), keysAwaitingStatus(bucket));
    }

    @Test
    void recordStatus_whenTheTargetIsNoStatusState_isRefusedBeforeWriting() {
        ObjectVersion version = posted("odd.jpg", NOW);

        assertThrows(
                IllegalArgumentException.class,
                () -> ledger().recordStatus(entry(version), InputState.DELETED, 0, "not a status", NOW, null));
        assertEquals(InputState.POSTED, entry(version).state());
    }

    @Test
    void requeue_whenPosted_queuesItOnceAndTheNextPostCountsAnotherAttempt() {
        ObjectVersion version = posted("flaky.jpg", NOW);

        boolean first = ledger().requeue(entry(version), 39996, "retrying after 39996", NOW.plusSeconds(1));
        boolean second = ledger().requeue(entry(version), 39996, "again", NOW.plusSeconds(2));

        assertTrue(first);
        assertFalse(second, "only a version awaiting status can be requeued");
        assertEquals(InputState.QUEUED, entry(version).state());
        assertEquals(Set.of(), keysAwaitingStatus(bucket));
        assertTrue(ledger().markPosted(version, NOW.plusSeconds(3)));
        assertEquals(2, entry(version).attempts());
        assertEquals(Set.of("flaky.jpg"), keysAwaitingStatus(bucket));
    }

    @Test
    void countUncertainAdd_whenQueued_countsAnAttemptSoTheInputMayExist_andChangesNothingElsewhere() {
        ObjectVersion queued = version("uncertain.jpg", 100, "etag-1", "0A");
        ledger().recordQueued(queued, NOW);
        assertFalse(entry(queued).mayExistInApp(), "a version no add carried has no input");

        ledger().countUncertainAdd(queued, NOW.plusSeconds(1));

        assertEquals(InputState.QUEUED, entry(queued).state());
        assertEquals(1, entry(queued).attempts());
        assertTrue(entry(queued).mayExistInApp(), "an add may have carried it");
        ObjectVersion posted = posted("posted.jpg", NOW);
        ledger().countUncertainAdd(posted, NOW.plusSeconds(1));
        assertEquals(InputState.POSTED, entry(posted).state());
        assertEquals(1, entry(posted).attempts(), "only a queued version counts an uncertain add");
        ObjectVersion unknown = version("unknown.jpg", 100, "etag-1", "0B");
        ledger().countUncertainAdd(unknown, NOW);
        assertTrue(ledger().find(bucket, "unknown.jpg", unknown.inputId()).isEmpty(), "no record is created");
    }

    @Test
    void retry_queuesAFailedVersionOnceKeepingItsAttempts() {
        ObjectVersion version = queued("refused.jpg");
        ledger().markFailed(version, 30002, "download failed", NOW.plusSeconds(1));

        boolean first = ledger().retry(entry(version), "retry requested", NOW.plusSeconds(2));
        boolean second = ledger().retry(entry(version), "again", NOW.plusSeconds(3));

        assertTrue(first);
        assertFalse(second, "a version already queued stays as it is");
        assertEquals(InputState.QUEUED, entry(version).state());
        assertEquals(1, entry(version).attempts());
        assertTrue(ledger().markPosted(version, NOW.plusSeconds(4)));
        assertEquals(2, entry(version).attempts());
    }

    @Test
    void retry_appliesExactlyFromTheStartStatesTheTransitionTableDeclares() {
        for (InputState start : InputState.values()) {
            ObjectVersion version = inState("retry-" + start.wireName() + ".jpg", start);

            boolean applied = ledger().retry(entry(version), "retry requested", NOW.plusSeconds(10));

            assertEquals(Transition.RETRY.allowsFrom(start), applied, "RETRY from " + start);
            assertEquals(applied ? InputState.QUEUED : start, entry(version).state(), "RETRY from " + start);
        }
        assertEquals(Set.of(), keysAwaitingStatus(bucket), "a retried version awaits no status check");
    }

    @Test
    void markPosted_appliesExactlyFromTheStartStatesTheTransitionTableDeclares() {
        for (InputState start : InputState.values()) {
            ObjectVersion version = inState("from-" + start.wireName() + ".jpg", start);
            boolean applies = Transition.POST.allowsFrom(start);

            boolean answer = ledger().markPosted(version, NOW.plusSeconds(10));

            assertEquals(applies ? InputState.POSTED : start, entry(version).state(), "POST from " + start);
            assertEquals(start != InputState.DELETED, answer, "markPosted's answer from " + start);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    @Test
    void claimLabels_onlyAnAcceptedVersionAndOneHolderAtATime() {
        ObjectVersion queued = version("q.jpg", 1, "e", "0A");
        ObjectVersion posted = version("p.jpg", 1, "e", "0A");
        ledger().recordQueued(queued, NOW);
        ledger().recordQueued(posted, NOW);
        ledger().markPosted(posted, "cat:1", "", NOW);
        Instant until = NOW.plusSeconds(60);

        assertEquals(
                Ledger.LabelsClaim.Outcome.UNKNOWN,
                ledger().claimLabels(bucket, "x.jpg", "nope", "a", NOW, until).outcome());
        assertEquals(
                Ledger.LabelsClaim.Outcome.NOT_ACCEPTED,
                ledger().claimLabels(bucket, "q.jpg", queued.inputId(), "a", NOW, until)
                        .outcome());
        Ledger.LabelsClaim first = ledger().claimLabels(bucket, "p.jpg", posted.inputId(), "a", NOW, until);
        assertEquals(Ledger.LabelsClaim.Outcome.CLAIMED, first.outcome());
        assertEquals("cat:1", first.labels());
        assertEquals(
                Ledger.LabelsClaim.Outcome.BUSY,
                ledger().claimLabels(bucket, "p.jpg", posted.inputId(), "b", NOW.plusSeconds(1), until)
                        .outcome());
        assertEquals(
                Ledger.LabelsClaim.Outcome.CLAIMED,
                ledger().claimLabels(
                                bucket, "p.jpg", posted.inputId(), "c", until.plusSeconds(1), until.plusSeconds(61))
                        .outcome(),
                "an expired lease is taken over");
    }

    @Test
    void recordLabels_appliesOnlyForTheHolderAndReleasesTheLease() {
        ObjectVersion posted = version("p.jpg", 1, "e", "0A");
        ledger().recordQueued(posted, NOW);
        ledger().markPosted(posted, "cat:1", "", NOW);
        ledger().claimLabels(bucket, "p.jpg", posted.inputId(), "a", NOW, NOW.plusSeconds(60));

        assertFalse(ledger().recordLabels(bucket, "p.jpg", posted.inputId(), "b", "dog:1", "", NOW));
        assertTrue(ledger().recordLabels(bucket, "p.jpg", posted.inputId(), "a", "dog:1", "tag x: bad", NOW));
        Ledger.LabelsClaim next =
                ledger().claimLabels(bucket, "p.jpg", posted.inputId(), "b", NOW, NOW.plusSeconds(60));
        assertEquals(Ledger.LabelsClaim.Outcome.CLAIMED, next.outcome());
        assertEquals("dog:1", next.labels());
        ledger().releaseLabels(bucket, "p.jpg", posted.inputId(), "b");
        assertEquals(
                Ledger.LabelsClaim.Outcome.CLAIMED,
                ledger().claimLabels(bucket, "p.jpg", posted.inputId(), "c", NOW, NOW.plusSeconds(60))
                        .outcome());
    }

    @Test
    void claimLabels_whenTheVersionWasDeleted_findsNothingToPatch() {
        ObjectVersion posted = version("p.jpg", 1, "e", "0A");
        ledger().recordQueued(posted, NOW);
        ledger().markPosted(posted, NOW);
        ledger().markDeleted(bucket, "p.jpg", posted.inputId(), "object removed", NOW);

        assertEquals(
                Ledger.LabelsClaim.Outcome.NOT_ACCEPTED,
                ledger().claimLabels(bucket, "p.jpg", posted.inputId(), "a", NOW, NOW.plusSeconds(60))
                        .outcome());
    }

    @Test
    void labelsFlushAt_isOneInstantForEveryCallerUntilItPasses() {
        Instant first = ledger().labelsFlushAt(NOW, Duration.ofSeconds(30));

        assertEquals(NOW.plusSeconds(30), first);
        assertEquals(
                first,
                ledger().labelsFlushAt(NOW.plusSeconds(29), Duration.ofSeconds(30)),
                "a later caller joins the instant already set");
        assertEquals(
                NOW.plusSeconds(60),
                ledger().labelsFlushAt(NOW.plusSeconds(30), Duration.ofSeconds(30)),
                "once it has come, the next hold sets a new one");
    }

    protected ObjectVersion version(String key, long size, String eTag, String sequencer) {
        return ObjectVersion.of(bucket, key, size, eTag, null, sequencer, null);
    }

    protected ObjectVersion queued(String key) {
        ObjectVersion version = version(key, 10, "e", "01");
        ledger().recordQueued(version, NOW);
        return version;
    }

    protected ObjectVersion posted(String key, Instant at) {
        ObjectVersion version = queued(key);
        assertTrue(ledger().markPosted(version, at));
        return version;
    }

    /** A version brought into {@code state} through allowed transitions only. */
    private ObjectVersion inState(String key, InputState state) {
        ObjectVersion version = queued(key);
        switch (state) {
            case QUEUED -> {}
            case POSTED -> ledger().markPosted(version, NOW);
            case PROCESSING, INDEXED -> {
                ledger().markPosted(version, NOW);
                ledger().recordStatus(entry(version), state, 30003, "status", NOW, NOW);
            }
            case FAILED -> ledger().markFailed(version, 30300, "bad bytes", NOW);
            case DELETED -> ledger().markDeleted(bucket, key, version.inputId(), "removed", NOW);
        }
        assertEquals(state, entry(version).state(), "set-up of " + key);
        return version;
    }

    protected LedgerEntry entry(ObjectVersion version) {
        return ledger().find(bucket, version.key(), version.inputId()).orElseThrow();
    }

    private Set<String> dueKeys(Instant now) {
        return ledger().dueForStatus(now, 1000).stream()
                .filter(entry -> entry.bucket().equals(bucket))
                .map(LedgerEntry::key)
                .collect(Collectors.toSet());
    }

    private static String padded(String sequencer) {
        return sequencer + "0".repeat(32 - sequencer.length());
    }
}

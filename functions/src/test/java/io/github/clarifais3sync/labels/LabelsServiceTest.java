package io.github.clarifais3sync.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clarifais3sync.batch.MessageOutcome;
import io.github.clarifais3sync.batch.Outcome;
import io.github.clarifais3sync.batch.SqsMessage;
import io.github.clarifais3sync.concepts.LabelRules;
import io.github.clarifais3sync.config.Configuration.ImageSource;
import io.github.clarifais3sync.fakes.FakeInputsClient;
import io.github.clarifais3sync.fakes.FakeObjectStore;
import io.github.clarifais3sync.fakes.InMemoryLedger;
import io.github.clarifais3sync.fakes.RecordingMetrics;
import io.github.clarifais3sync.inputs.Concept;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.inputs.Input;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.model.KeyFilter;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.sync.StaleInputs;
import io.github.clarifais3sync.upload.UploadService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The upload carrying concepts, and tag changes becoming batched PATCH overwrites, on fakes of our own boundaries
 * (the real client against the local Inputs API and the real ledger on DynamoDB are tested elsewhere).
 */
class LabelsServiceTest {

    private static final String BUCKET = "b";
    private static final LabelRules RULES = LabelRules.of("cats/=cat", 0, "", "concept:");
    private static final KeyFilter KEYS = KeyFilter.of("", "", ".jpg");
    private static final Duration HOLD = Duration.ofSeconds(30);

    private final FakeInputsClient clarifai = new FakeInputsClient();
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final FakeObjectStore store = new FakeObjectStore();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final Clock clock = Clock.systemUTC();
    /** Sends every remainder at once ({@code LABELS_HOLD_SECONDS} 0): the behaviours other than the hold. */
    private final LabelsService labels =
            new LabelsService(clarifai, ledger, store, RULES, KEYS, 4, Duration.ZERO, clock);

    private final SteppingClock heldClock = new SteppingClock(Instant.now());
    /** Holds a partial last request back 30 s, as template.yaml sets it. */
    private final LabelsService holding = new LabelsService(clarifai, ledger, store, RULES, KEYS, 4, HOLD, heldClock);

    private final UploadService upload = new UploadService(
            clarifai,
            ledger,
            store,
            new StaleInputs(ledger, clarifai, metrics, clock),
            new UploadService.Options(ImageSource.PRESIGNED_URL, Duration.ofHours(1), 64_000_000, 4, RULES),
            metrics,
            clock);
    private int messages;

    @Test
    void upload_carriesTheObjectsConceptsInTheAddItself() {
        store.put(BUCKET, "cats/tom.jpg", "e1", new byte[10])
                .tag(BUCKET, "cats/tom.jpg", Map.of("concept:indoor", "1", "concept:dog", "0", "concept:x", "maybe"));

        ObjectVersion version = added("cats/tom.jpg", "e1", "0A");

        assertEquals(1, clarifai.adds.size());
        assertEquals(
                List.of(Concept.present("cat"), Concept.absent("dog"), Concept.present("indoor")),
                clarifai.adds.get(0).get(0).concepts());
        assertEquals("cat:1,dog:0,indoor:1", ledger.labels(BUCKET, "cats/tom.jpg", version.inputId()));
        assertEquals(
                "tag concept:x=maybe: value must be 1 or 0 (true or false)",
                ledger.labelProblems(BUCKET, "cats/tom.jpg", version.inputId()));
    }

    @Test
    void apply_retaggedObjects_patchEveryChangedInputOverwritingInRequestsOf128() {
        List<ObjectVersion> versions = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String key = "many/" + i + ".jpg";
            store.put(BUCKET, key, "e" + i, new byte[10]);
            versions.add(added(key, "e" + i, "0A"));
        }
        List<SqsMessage> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            store.tag(BUCKET, "many/" + i + ".jpg", Map.of("concept:bird", "1"));
            batch.add(change("many/" + i + ".jpg"));
            batch.add(change("many/" + i + ".jpg"));
        }

        List<MessageOutcome> outcomes = applied(labels, batch, deadline()).outcomes();

        assertTrue(outcomes.stream().noneMatch(o -> o.outcome().comesBack()), outcomes.toString());
        assertEquals(
                List.of(128, 128, 44), clarifai.patches.stream().map(List::size).toList());
        Input first = clarifai.app.get(versions.get(0).inputId());
        assertEquals(List.of(Concept.present("bird")), first.concepts());
        assertEquals("many/0.jpg", first.metadata().get("s3_key").asText(), "overwrite keeps the metadata");
        assertEquals(
                "bird:1", ledger.labels(BUCKET, "many/0.jpg", versions.get(0).inputId()));
    }

    @Test
    void apply_whenTheConceptsDidNotChange_sendsNothing() {
        store.put(BUCKET, "cats/a.jpg", "e", new byte[10]).tag(BUCKET, "cats/a.jpg", Map.of("owner", "ann"));
        added("cats/a.jpg", "e", "0A");
        store.tag(BUCKET, "cats/a.jpg", Map.of("owner", "bob", "concept:cat", "1"));

        List<MessageOutcome> outcomes =
                applied(labels, List.of(change("cats/a.jpg")), deadline()).outcomes();

        assertEquals(Outcome.done("concepts unchanged"), outcomes.get(0).outcome());
        assertEquals(0, clarifai.patches.size());
        assertEquals(1, clarifai.adds.size(), "never added again");
    }

    @Test
    void apply_beforeTheInputExists_leavesItToTheAddOrComesBackWhileQueued() {
        store.put(BUCKET, "new.jpg", "e", new byte[10]).tag(BUCKET, "new.jpg", Map.of("concept:cat", "1"));

        assertEquals(
                Outcome.done("no input yet: its add reads the tags"),
                applied(labels, List.of(change("new.jpg")), deadline())
                        .outcomes()
                        .get(0)
                        .outcome());
        ObjectVersion version = ObjectVersion.of(BUCKET, "new.jpg", 10, "e", null, "0A", null);
        ledger.recordQueued(version, Instant.now());
        assertEquals(
                Outcome.retry("input not added yet"),
                applied(labels, List.of(change("new.jpg")), deadline())
                        .outcomes()
                        .get(0)
                        .outcome());
        assertEquals(0, clarifai.patches.size());
    }

    @Test
    void apply_whenTheVersionWasDeletedOrOverwritten_changesNothing() {
        store.put(BUCKET, "gone.jpg", "e", new byte[10]);
        ObjectVersion gone = added("gone.jpg", "e", "0A");
        ledger.markDeleted(BUCKET, "gone.jpg", gone.inputId(), "object removed", Instant.now());
        store.put(BUCKET, "over.jpg", "old", new byte[10]);
        added("over.jpg", "old", "0A");
        store.put(BUCKET, "over.jpg", "new", new byte[10]).tag(BUCKET, "over.jpg", Map.of("concept:cat", "1"));

        List<MessageOutcome> outcomes = applied(labels, List.of(change("gone.jpg"), change("over.jpg")), deadline())
                .outcomes();

        assertEquals(
                Outcome.done("version deleted: nothing to change"),
                outcomes.get(0).outcome());
        assertEquals(
                Outcome.done("object overwritten since; the new version's add carries its tags"),
                outcomes.get(1).outcome());
        assertEquals(0, clarifai.patches.size());
    }

    @Test
    void apply_whenTheObjectWasDeletedAMomentAgo_isDoneBeforeTheDeleteReachesTheLedger() {
        store.put(BUCKET, "just-deleted.jpg", "e", new byte[10])
                .tag(BUCKET, "just-deleted.jpg", Map.of("concept:cat", "1"));
        added("just-deleted.jpg", "e", "0A");
        // S3 answers the HEAD 404 (the role may list the bucket); the delete event has not reached the ledger yet.
        store.remove(BUCKET, "just-deleted.jpg");

        List<MessageOutcome> outcomes =
                applied(labels, List.of(change("just-deleted.jpg")), deadline()).outcomes();

        assertEquals(
                Outcome.done("object no longer in the bucket"), outcomes.get(0).outcome());
        assertEquals(0, clarifai.patches.size());
    }

    @Test
    void apply_whenThePatchIsRefusedBecauseTheInputIsGone_recordsItAndIsDone() {
        store.put(BUCKET, "a.jpg", "e", new byte[10]);
        ObjectVersion version = added("a.jpg", "e", "0A");
        clarifai.app.remove(version.inputId());
        store.tag(BUCKET, "a.jpg", Map.of("concept:cat", "1"));

        List<MessageOutcome> outcomes =
                applied(labels, List.of(change("a.jpg")), deadline()).outcomes();

        assertEquals(
                Outcome.done("PATCH refused with 30102: input does not exist"),
                outcomes.get(0).outcome());
        assertEquals(
                "PATCH refused with 30102: input does not exist",
                ledger.labelProblems(BUCKET, "a.jpg", version.inputId()));
        assertEquals("", ledger.labels(BUCKET, "a.jpg", version.inputId()), "the input's labels stay as recorded");
    }

    @Test
    void apply_whileAnotherInvocationHoldsTheLease_comesBackToReadTheTagsAgain() {
        store.put(BUCKET, "a.jpg", "e", new byte[10]).tag(BUCKET, "a.jpg", Map.of("concept:cat", "1"));
        ObjectVersion version = added("a.jpg", "e", "0A");
        ledger.claimLabels(
                BUCKET,
                "a.jpg",
                version.inputId(),
                "other",
                Instant.now(),
                Instant.now().plusSeconds(60));

        List<MessageOutcome> outcomes =
                applied(labels, List.of(change("a.jpg")), deadline()).outcomes();

        assertTrue(outcomes.get(0).outcome() instanceof Outcome.Retry);
        assertEquals(0, clarifai.patches.size());
    }

    @Test
    void apply_withoutTimeForAChunk_defersTheChangesUntouchedToALaterInvocation() {
        store.put(BUCKET, "a.jpg", "e", new byte[10]);
        ObjectVersion version = added("a.jpg", "e", "0A");
        store.tag(BUCKET, "a.jpg", Map.of("concept:cat", "1"));

        List<MessageOutcome> outcomes = applied(labels, List.of(change("a.jpg")), Deadline.after(Duration.ofSeconds(1)))
                .outcomes();

        assertEquals(
                Outcome.retry("out of time in this invocation"), outcomes.get(0).outcome());
        assertEquals(0, clarifai.patches.size());
        assertEquals(
                Ledger.LabelsClaim.Outcome.CLAIMED,
                ledger.claimLabels(
                                BUCKET,
                                "a.jpg",
                                version.inputId(),
                                "next",
                                Instant.now(),
                                Instant.now().plusSeconds(60))
                        .outcome(),
                "no lease was taken");
    }

    @Test
    void apply_malformedMessage_comesBackSoItEndsInTheDeadLetterQueue() {
        List<MessageOutcome> outcomes = applied(labels, List.of(new SqsMessage("m", "{not json")), deadline())
                .outcomes();

        assertEquals(Outcome.retry("malformed message body"), outcomes.get(0).outcome());
    }

    // ---- the hold: requests of 128 however the burst is split --------------------------------------------------

    @Test
    void apply_aBurstSplitAcrossTwoInvocations_sendsFullRequestsAndHoldsBothRemaindersToOneInstant() {
        List<SqsMessage> burst = retagged(500);

        Applied first = applied(holding, burst.subList(0, 250), deadline());
        heldClock.advance(Duration.ofSeconds(4));
        Applied second = applied(holding, burst.subList(250, 500), deadline());

        assertEquals(
                List.of(128, 128), clarifai.patches.stream().map(List::size).toList());
        assertEquals(122, first.held().size());
        assertEquals(122, second.held().size());
        assertEquals(
                List.of(HOLD, HOLD.minusSeconds(4)),
                List.of(first.heldFor(), second.heldFor()),
                "both remainders come back at the one flush instant");
        assertTrue(
                first.outcomes().stream()
                        .filter(o -> first.held().contains(o.message()))
                        .allMatch(o -> o.outcome() instanceof Outcome.Hold),
                "held messages are listed to come back, never deleted");
        SqsMessage heldOne = first.held().get(0);
        String inputId = inputIdOf(heldOne);
        assertEquals(
                Ledger.LabelsClaim.Outcome.CLAIMED,
                ledger.claimLabels(
                                BUCKET,
                                keyOf(heldOne),
                                inputId,
                                "probe",
                                heldClock.instant(),
                                heldClock.instant().plusSeconds(1))
                        .outcome(),
                "a held change keeps no lease");
        ledger.releaseLabels(BUCKET, keyOf(heldOne), inputId, "probe");
    }

    @Test
    void apply_heldChangesComingBack_areSentWhateverTheSplit_withinCeilOf500Over128Plus2Requests() {
        // How the first delivery is split (five pollers, two, one nearly empty) and how the return is (one or two).
        List<List<List<Integer>>> splits = List.of(
                List.of(List.of(100, 100, 100, 100, 100), List.of(1, 1)),
                List.of(List.of(250, 250), List.of(1, 0)),
                List.of(List.of(250, 250), List.of(1, 1)),
                List.of(List.of(10, 490), List.of(1, 1)),
                List.of(List.of(127, 127, 127, 119), List.of(2, 1)));
        List<String> keys = retagged(500).stream().map(LabelsServiceTest::keyOf).toList();
        int round = 0;
        for (List<List<Integer>> both : splits) {
            List<Integer> firstSplit = both.get(0);
            List<Integer> returnSplit = both.get(1);
            clarifai.patches.clear();
            String concept = "concept:c" + round++;
            List<SqsMessage> burst = keys.stream()
                    .map(key -> {
                        store.tag(BUCKET, key, Map.of(concept, "1"));
                        return new SqsMessage(
                                "m" + messages++,
                                json(new TagChange(BUCKET, key, null, null, null, "ObjectTagging:Put")),
                                "receipt-" + messages,
                                1);
                    })
                    .toList();
            List<SqsMessage> held = new ArrayList<>();
            int from = 0;
            for (int size : firstSplit) {
                held.addAll(applied(holding, burst.subList(from, from + size), deadline())
                        .held());
                from += size;
            }
            heldClock.advance(HOLD);
            // The held messages come back delivered before; the two invocations share them by the given ratio.
            List<SqsMessage> back = held.stream()
                    .map(m -> new SqsMessage(m.messageId(), m.body(), m.receiptHandle(), 2))
                    .toList();
            int cut = back.size() * returnSplit.get(0) / (returnSplit.get(0) + returnSplit.get(1));
            Applied a = applied(holding, back.subList(0, cut), deadline());
            Applied b = applied(holding, back.subList(cut, back.size()), deadline());

            String split = firstSplit + " then " + returnSplit;
            assertEquals(List.of(), a.held(), split);
            assertEquals(List.of(), b.held(), split);
            assertEquals(500, clarifai.patches.stream().mapToInt(List::size).sum(), split + ": every input once");
            assertTrue(
                    clarifai.patches.size() <= (500 + 127) / 128 + 2,
                    split + ": " + clarifai.patches.size() + " requests "
                            + clarifai.patches.stream().map(List::size).toList());
            assertTrue(clarifai.patches.stream().filter(p -> p.size() < 128).count() <= 2, split);
        }
    }

    @Test
    void apply_aKeyRetaggedAgainWhileItsLeaseIsTaken_comesBackAtTheFlushWithItsBurst_notAloneBeforeIt() {
        List<SqsMessage> burst = retagged(87);
        SqsMessage first = burst.get(0);
        String key = keyOf(first);
        String inputId = inputIdOf(first);
        // The key's second change, delivered to another invocation while the first one holds the key's lease.
        SqsMessage second = new SqsMessage("m" + messages++, first.body(), "receipt-" + messages, 1);
        ledger.claimLabels(
                BUCKET,
                key,
                inputId,
                "first-invocation",
                heldClock.instant(),
                heldClock.instant().plusSeconds(60));
        Applied busy = applied(holding, List.of(second), deadline());
        ledger.releaseLabels(BUCKET, key, inputId, "first-invocation");
        Applied held = applied(holding, burst, deadline());

        assertEquals(List.of(second), busy.held(), "a change meeting a taken lease waits for the flush, like the rest");
        assertTrue(busy.outcomes().get(0).outcome() instanceof Outcome.Hold);
        assertEquals(held.heldFor(), busy.heldFor(), "both come back at the one flush instant");
        assertEquals(List.of(), clarifai.patches, "nothing sent before the hold ends");

        heldClock.advance(HOLD);
        List<SqsMessage> back = new ArrayList<>();
        back.add(new SqsMessage(second.messageId(), second.body(), second.receiptHandle(), 2));
        held.held().forEach(m -> back.add(new SqsMessage(m.messageId(), m.body(), m.receiptHandle(), 2)));
        applied(holding, back.subList(0, 40), deadline());
        applied(holding, back.subList(40, back.size()), deadline());

        assertTrue(
                clarifai.patches.size() <= (87 + 127) / 128 + 2,
                clarifai.patches.stream().map(List::size).toList().toString());
        List<String> patched = clarifai.patches.stream()
                .flatMap(List::stream)
                .map(io.github.clarifais3sync.inputs.InputPatch::id)
                .toList();
        assertEquals(87, patched.size(), "every input once");
        assertEquals(87, patched.stream().distinct().count(), "every input once");
    }

    @Test
    void apply_aRemainderWithAChangeDeliveredBefore_isSentAtOnce() {
        List<SqsMessage> burst = retagged(3);
        SqsMessage redelivered = burst.get(2);

        Applied applied = applied(
                holding,
                List.of(
                        burst.get(0),
                        burst.get(1),
                        new SqsMessage(redelivered.messageId(), redelivered.body(), "r", 2)),
                deadline());

        assertEquals(List.of(), applied.held());
        assertEquals(List.of(3), clarifai.patches.stream().map(List::size).toList());
    }

    @Test
    void apply_withoutAHold_sendsTheRemainderAtOnce() {
        List<SqsMessage> burst = retagged(130);

        Applied applied = applied(labels, burst, deadline());

        assertEquals(List.of(), applied.held());
        assertEquals(List.of(128, 2), clarifai.patches.stream().map(List::size).toList());
    }

    /** {@code count} objects added, then re-tagged: one fresh message each. */
    private List<SqsMessage> retagged(int count) {
        List<SqsMessage> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = "burst/" + i + ".jpg";
            store.put(BUCKET, key, "e" + i, new byte[10]);
            // Recorded as the upload leaves it (posted, its input in the app), without an add per object.
            ObjectVersion version = ObjectVersion.of(BUCKET, key, 10, "e" + i, null, "0A", null);
            ledger.recordQueued(version, Instant.now());
            ledger.markPosted(version, Instant.now());
            clarifai.status(version.inputId(), 30000);
            store.tag(BUCKET, key, Map.of("concept:bird", "1"));
            batch.add(new SqsMessage(
                    "m" + messages++,
                    json(new TagChange(BUCKET, key, null, null, null, "ObjectTagging:Put")),
                    "receipt-" + messages,
                    1));
        }
        return batch;
    }

    private static String keyOf(SqsMessage message) {
        try {
            return Json.MAPPER.readValue(message.body(), TagChange.class).key();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String inputIdOf(SqsMessage message) {
        return ledger.versionsOf(BUCKET, keyOf(message)).get(0).inputId();
    }

    /** A clock a test moves on by hand. */
    private static final class SteppingClock extends Clock {
        private Instant now;

        SteppingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private ObjectVersion added(String key, String eTag, String sequencer) {
        ObjectVersion version = ObjectVersion.of(BUCKET, key, 10, eTag, null, sequencer, null);
        ledger.recordQueued(version, Instant.now());
        List<MessageOutcome> outcomes =
                upload.upload(List.of(new SqsMessage("u" + messages++, json(version))), deadline());
        assertEquals(Outcome.done("posted"), outcomes.get(0).outcome());
        assertEquals(
                InputState.POSTED, ledger.entry(BUCKET, key, version.inputId()).state());
        return version;
    }

    private SqsMessage change(String key) {
        return new SqsMessage(
                "m" + messages++, json(new TagChange(BUCKET, key, null, null, null, "ObjectTagging:Put")));
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A batch's outcomes, and among them the messages held back and for how long. */
    private record Applied(List<MessageOutcome> outcomes) {

        List<SqsMessage> held() {
            return outcomes.stream()
                    .filter(o -> o.outcome() instanceof Outcome.Hold)
                    .map(MessageOutcome::message)
                    .toList();
        }

        Duration heldFor() {
            return outcomes.stream()
                    .map(MessageOutcome::outcome)
                    .filter(o -> o instanceof Outcome.Hold)
                    .map(o -> ((Outcome.Hold) o).delay())
                    .findFirst()
                    .orElse(Duration.ZERO);
        }
    }

    private static Applied applied(LabelsService service, List<SqsMessage> batch, Deadline deadline) {
        return new Applied(service.apply(batch, deadline));
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(30));
    }
}

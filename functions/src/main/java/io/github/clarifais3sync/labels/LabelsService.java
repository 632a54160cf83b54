package io.github.clarifais3sync.labels;

import io.github.clarifais3sync.batch.MessageOutcome;
import io.github.clarifais3sync.batch.Outcome;
import io.github.clarifais3sync.batch.SqsMessage;
import io.github.clarifais3sync.concepts.LabelRules;
import io.github.clarifais3sync.concepts.Labels;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.inputs.InputOutcome;
import io.github.clarifais3sync.inputs.InputPatch;
import io.github.clarifais3sync.inputs.InputsApiException;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.inputs.PatchAction;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.ledger.Ledger.LabelsClaim;
import io.github.clarifais3sync.ledger.LedgerEntry;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.model.InputIds;
import io.github.clarifais3sync.model.KeyFilter;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.model.Sequencers;
import io.github.clarifais3sync.storage.ObjectStore;
import io.github.clarifais3sync.storage.StoredObject;
import io.github.clarifais3sync.sync.InputMetadata;
import io.github.clarifais3sync.concurrent.BoundedParallel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps inputs' concepts in step with their objects' tags (docs/labels.md). A batch of {@link TagChange} messages
 * becomes PATCH {@code overwrite} requests of up to 128 inputs each, never one request per object:
 * <ol>
 *   <li>per object (once per batch, however many messages name it): find its input in the ledger and take the
 *       input's labels lease; a version not yet added is left to its add, which reads the tags itself (a change on
 *       a queued version comes back later, in case the add read the tags before the change); a deleted or overwritten
 *       version changes nothing;</li>
 *   <li>read the object's tags as they are now, map them with the {@link LabelRules}; when the concepts equal those
 *       the ledger says the input carries, nothing is sent;</li>
 *   <li>patch the rest, up to 128 inputs per request, and record each input's concepts in the ledger, releasing its
 *       lease.</li>
 * </ol>
 * Objects are prepared 128 at a time; when the invocation's time runs short, the rest come back to a later invocation
 * rather than time out together.
 *
 * <p>Requests of 128 by design, not by how batches happen to fall: Lambda may hand a burst of changes to the function
 * in any number of partial batches (several pollers, the batching window closing mid-burst:
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html), so the function itself holds a partial
 * last request back. A remainder of fewer than 128 changed inputs none of whose messages was delivered before is
 * released (leases too) and comes back at the ledger's one {@link Ledger#labelsFlushAt flush instant}, which every
 * invocation holding changes back shares; there the remainders of the whole burst meet again, now delivered before,
 * and are sent. A burst of N changes that reaches the queue within the hold thus costs at most
 * {@code floor(N/128)} full requests plus one partial request per invocation the returning changes are split into
 * (MaximumConcurrency 2: two), within {@code ceil(N/128) + 2}; a change held back waits the hold longer.
 *
 * <p>Order: S3 puts tags without a {@code sequencer}, so no event says which tag set is newer. Reading the tags while
 * holding the input's lease decides it: S3 reads are strongly consistent, every change is followed by an event, and
 * an event whose input is leased waits and reads again; so the last read of any input happens after its last tag
 * change, and its patch is the last one sent.
 */
public final class LabelsService {

    /** Time kept for the PATCH requests and ledger writes after the last chunk is prepared. */
    private static final Duration PATCH_ROOM = Duration.ofSeconds(10);
    private static final String OUT_OF_TIME = "out of time in this invocation";
    private static final String HELD = "held back to join the rest of its burst in a full request";

    private final InputsClient inputs;
    private final Ledger ledger;
    private final ObjectStore store;
    private final LabelRules rules;
    private final KeyFilter keys;
    private final BoundedParallel parallel;
    private final Duration hold;
    private final Clock clock;

    /** @param hold how long a partial last request waits for the rest of its burst; zero sends it at once */
    public LabelsService(InputsClient inputs, Ledger ledger, ObjectStore store, LabelRules rules, KeyFilter keys,
                         int parallelism, Duration hold, Clock clock) {
        this.inputs = inputs;
        this.ledger = ledger;
        this.store = store;
        this.rules = rules;
        this.keys = keys;
        this.parallel = new BoundedParallel(parallelism);
        this.hold = hold;
        this.clock = clock;
    }

    /** What {@link #prepare} decided for one object: settled now, or an input to patch under a lease. */
    private sealed interface Step permits Settled, Change {
    }

    private record Settled(Outcome outcome) implements Step {
    }

    private record Change(TagChange change, LedgerEntry entry, String owner, Labels labels, InputPatch patch)
            implements Step {
    }

    /**
     * Applies the batch; returns every message with its outcome, in the batch's order. Messages held back (a partial
     * request waiting for its burst, or work deferred for time) are {@link Outcome.Hold held} until the ledger's flush
     * instant, all together, rather than retried after the backoff.
     */
    public List<MessageOutcome> apply(List<SqsMessage> messages, Deadline deadline) {
        Map<String, TagChange> targetOf = new HashMap<>();
        Map<String, TagChange> distinct = new LinkedHashMap<>();
        Map<String, Outcome> outcomes = new HashMap<>();
        for (SqsMessage message : messages) {
            Optional<TagChange> change = parse(message);
            if (change.isEmpty()) {
                outcomes.put(message.messageId(), Outcome.retry("malformed message body"));
                continue;
            }
            targetOf.put(message.messageId(), change.get());
            distinct.putIfAbsent(change.get().target(), change.get());
        }
        String invocation = UUID.randomUUID().toString();
        Instant leaseUntil = deadline.at().plus(Duration.ofSeconds(10));
        List<TagChange> targets = List.copyOf(distinct.values());
        Map<String, Outcome> byTarget = new HashMap<>();
        List<Change> pending = new ArrayList<>();
        Duration slowest = Duration.ZERO;
        boolean patchedFull = false;
        boolean deferred = false;
        int size = InputsClient.MAX_INPUTS_PER_ADD;
        for (int from = 0; from < targets.size(); from += size) {
            List<TagChange> chunk = targets.subList(from, Math.min(targets.size(), from + size));
            // Room for one more chunk and the patches after it, or the rest comes back to a fresh invocation.
            if (!deadline.hasAtLeast(slowest.multipliedBy(2).plus(PATCH_ROOM))) {
                chunk = targets.subList(from, targets.size());
                Log.info("labels.deferred", "objects", chunk.size(), "reason", OUT_OF_TIME);
                chunk.forEach(change -> byTarget.put(change.target(), later(OUT_OF_TIME)));
                deferred = true;
                break;
            }
            long started = System.nanoTime();
            List<Step> steps = parallel.map(chunk, change -> prepare(change, invocation, leaseUntil, deadline));
            for (int i = 0; i < chunk.size(); i++) {
                switch (steps.get(i)) {
                    case Settled settled -> byTarget.put(chunk.get(i).target(), settled.outcome());
                    case Change change -> pending.add(change);
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            slowest = took.compareTo(slowest) > 0 ? took : slowest;
            while (pending.size() >= size) {
                byTarget.putAll(patch(List.copyOf(pending.subList(0, size)), deadline));
                pending.subList(0, size).clear();
                patchedFull = true;
            }
        }
        Set<String> deliveredBefore = new HashSet<>();
        messages.stream().filter(m -> m.receiveCount() > 1 && targetOf.containsKey(m.messageId()))
                .forEach(m -> deliveredBefore.add(targetOf.get(m.messageId()).target()));
        boolean waited = pending.stream().anyMatch(c -> deliveredBefore.contains(c.change().target()));
        boolean holding = !hold.isZero() && !waited;
        if (!pending.isEmpty() && (holding || deferred && patchedFull)) {
            // The rest of the burst comes back later anyway: these join it in a full request, not a small one now.
            pending.forEach(change -> byTarget.put(change.change().target(), holdBack(change)));
            Log.info("labels.held", "inputs", pending.size(), "reason", holding ? HELD : OUT_OF_TIME);
        } else if (!pending.isEmpty()) {
            byTarget.putAll(patch(pending, deadline));
        }
        List<MessageOutcome> result = new ArrayList<>();
        for (SqsMessage message : messages) {
            TagChange change = targetOf.get(message.messageId());
            Outcome outcome = change == null ? outcomes.get(message.messageId()) : byTarget.get(change.target());
            result.add(new MessageOutcome(message, outcome));
        }
        if (result.stream().noneMatch(delivery -> delivery.outcome() instanceof Outcome.Hold)) {
            return result;
        }
        Duration untilFlush = untilFlush();
        return result.stream().map(delivery -> delivery.outcome() instanceof Outcome.Hold held
                ? new MessageOutcome(delivery.message(), Outcome.hold(held.reason(), untilFlush)) : delivery).toList();
    }

    /**
     * Work that comes back together with the rest of its burst: held until the shared flush instant, or, without a
     * hold, retried after the backoff.
     */
    private Outcome later(String reason) {
        return hold.isZero() ? Outcome.retry(reason) : Outcome.hold(reason, Duration.ZERO);
    }

    /**
     * How long until the shared flush instant. Should the ledger not answer, the held messages still come back, after
     * the hold from now (with the burst, if not at one instant with it).
     */
    private Duration untilFlush() {
        Instant now = clock.instant();
        Instant flushAt;
        try {
            flushAt = ledger.labelsFlushAt(now, hold);
        } catch (RuntimeException e) {
            Log.warn("labels.flush-instant-failed", "error", e.toString());
            flushAt = now.plus(hold);
        }
        Duration wait = Duration.between(now, flushAt);
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    /** Releases the input's lease without patching: its message comes back and the tags are read again then. */
    private Outcome holdBack(Change change) {
        LedgerEntry entry = change.entry();
        ledger.releaseLabels(entry.bucket(), entry.key(), entry.inputId(), change.owner());
        return later(HELD);
    }

    private static Optional<TagChange> parse(SqsMessage message) {
        try {
            return Optional.of(Json.MAPPER.readValue(message.body(), TagChange.class));
        } catch (Exception malformed) {
            Log.error("labels.poison-message", "messageId", message.messageId(), "error",
                    malformed.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    // ---- prepare ---------------------------------------------------------------------------------------------

    private Step prepare(TagChange change, String invocation, Instant leaseUntil, Deadline deadline) {
        try {
            return decide(change, invocation + "/" + change.target().hashCode(), leaseUntil);
        } catch (RuntimeException e) {
            Log.warn("labels.prepare-failed", "bucket", change.bucket(), "key", change.key(), "error", e.toString());
            return new Settled(Outcome.retry("preparing failed: " + e));
        }
    }

    private Step decide(TagChange change, String owner, Instant leaseUntil) {
        if (!keys.accepts(change.key())) {
            return settled(change, null, Outcome.done("not a synced key: " + keys.rejection(change.key())));
        }
        Optional<LedgerEntry> target = target(change);
        if (target.isEmpty()) {
            return settled(change, null, Outcome.done("no input yet: its add reads the tags"));
        }
        LedgerEntry entry = target.get();
        LabelsClaim claim = ledger.claimLabels(entry.bucket(), entry.key(), entry.inputId(), owner, clock.instant(),
                leaseUntil);
        switch (claim.outcome()) {
            case UNKNOWN -> {
                return settled(change, entry.inputId(), Outcome.done("no input yet: its add reads the tags"));
            }
            case BUSY -> {
                return settled(change, entry.inputId(), Outcome.retry("another invocation is changing this input's"
                        + " labels; read the tags again later"));
            }
            case NOT_ACCEPTED -> {
                return claim.entry().state() == InputState.QUEUED
                        // The add may have read the tags before this change: look again once it is recorded.
                        ? settled(change, entry.inputId(), Outcome.retry("input not added yet"))
                        : settled(change, entry.inputId(), Outcome.done("version " + claim.entry().state().wireName()
                                + ": nothing to change"));
            }
            case CLAIMED -> {
                return read(change, claim, owner);
            }
            default -> throw new IllegalStateException("unknown claim outcome " + claim.outcome());
        }
    }

    /**
     * The ledger entry of the version the change names: by version id in a versioned bucket; otherwise the key's
     * newest version not deleted (tag changes carry no sequencer, so the tags belong to the object there now).
     */
    private Optional<LedgerEntry> target(TagChange change) {
        if (change.versionId() != null) {
            String inputId = InputIds.forObject(change.bucket(), change.key(), change.versionId(), null, null);
            return ledger.find(change.bucket(), change.key(), inputId);
        }
        List<LedgerEntry> versions = ledger.versionsOf(change.bucket(), change.key());
        Optional<LedgerEntry> live = versions.stream().filter(e -> e.state() != InputState.DELETED)
                .max(Comparator.comparing(LedgerEntry::sequencer, Sequencers::compare));
        return live.isPresent() ? live : versions.stream().findAny();
    }

    /** Holding the lease: reads the object and its tags as they are now and decides whether the input changes. */
    private Step read(TagChange change, LabelsClaim claim, String owner) {
        LedgerEntry entry = claim.entry();
        Optional<StoredObject> object = store.head(entry.bucket(), entry.key(), entry.versionId());
        Optional<Map<String, String>> tags = object.isEmpty() ? Optional.empty()
                : rules.readsTags() ? store.tags(entry.bucket(), entry.key(), entry.versionId())
                : Optional.of(Map.of());
        if (object.isEmpty() || tags.isEmpty()) {
            ledger.releaseLabels(entry.bucket(), entry.key(), entry.inputId(), owner);
            return settled(change, entry.inputId(), Outcome.done("object no longer in the bucket"));
        }
        if (entry.versionId() == null && !entry.eTag().isEmpty() && !entry.eTag().equals(object.get().eTag())) {
            ledger.releaseLabels(entry.bucket(), entry.key(), entry.inputId(), owner);
            return settled(change, entry.inputId(), Outcome.done("object overwritten since; the new version's add"
                    + " carries its tags"));
        }
        Labels labels = rules.map(entry.key(), tags.get());
        if (!labels.problems().isEmpty()) {
            Log.warn("labels.unmapped", "bucket", entry.bucket(), "key", entry.key(), "inputId", entry.inputId(),
                    "problems", labels.problemSummary());
        }
        if (labels.fingerprint().equals(claim.labels())) {
            ledger.recordLabels(entry.bucket(), entry.key(), entry.inputId(), owner, null, labels.problemSummary(),
                    clock.instant());
            return settled(change, entry.inputId(), Outcome.done("concepts unchanged"));
        }
        ObjectVersion version = new ObjectVersion(entry.bucket(), entry.key(), entry.size(), entry.eTag(),
                entry.versionId(), entry.sequencer(), null, entry.inputId());
        // Overwrite replaces concepts and metadata as a whole, so the metadata the add wrote goes again.
        InputPatch patch = new InputPatch(entry.inputId(), labels.concepts(), InputMetadata.of(version, object.get()));
        return new Change(change, entry, owner, labels, patch);
    }

    private static Settled settled(TagChange change, String inputId, Outcome outcome) {
        Log.info(outcome.comesBack() ? "labels.later" : "labels.skipped", "bucket", change.bucket(), "key",
                change.key(), "inputId", inputId == null ? "" : inputId, "event", change.event(), "reason",
                outcome.reason());
        return new Settled(outcome);
    }

    // ---- patch -----------------------------------------------------------------------------------------------

    /**
     * One PATCH overwrite of up to 128 inputs (https://docs.clarifai.com/api-guide/advanced-topics/patching). An
     * input the API refuses for good (gone, invalid concept) is recorded and done; a passing failure comes back.
     */
    private Map<String, Outcome> patch(List<Change> request, Deadline deadline) {
        Map<String, Outcome> outcomes = new HashMap<>();
        List<InputOutcome> results;
        try {
            results = inputs.patchInputs(request.stream().map(Change::patch).toList(), PatchAction.OVERWRITE,
                    deadline);
        } catch (InputsApiException e) {
            Log.warn("labels.patch-failed", "inputs", request.size(), "httpStatus", e.httpStatus(), "code", e.code(),
                    "retryable", e.retryable(), "error", e.getMessage());
            for (Change change : request) {
                outcomes.put(change.change().target(), e.retryable() ? release(change, "patch failed: "
                        + e.getMessage()) : refused(change, e.code(), e.getMessage()));
            }
            return outcomes;
        } catch (RuntimeException e) {
            Log.error("labels.patch-failed", "inputs", request.size(), "error", e.toString());
            request.forEach(change -> outcomes.put(change.change().target(), release(change, "patch failed: " + e)));
            return outcomes;
        }
        for (InputOutcome result : results) {
            Change change = request.get(result.index());
            outcomes.put(change.change().target(), switch (result.kind()) {
                case ACCEPTED, DUPLICATE_ID -> recordPatched(change);
                case PERMANENT_FAILURE -> refused(change, result.status().code(), result.status().summary());
                case RETRYABLE_FAILURE -> release(change, "patch of the input failed with " + result.status().code());
            });
        }
        return outcomes;
    }

    private Outcome recordPatched(Change change) {
        LedgerEntry entry = change.entry();
        boolean recorded = ledger.recordLabels(entry.bucket(), entry.key(), entry.inputId(), change.owner(),
                change.labels().fingerprint(), change.labels().problemSummary(), clock.instant());
        Log.info("labels.patched", "bucket", entry.bucket(), "key", entry.key(), "inputId", entry.inputId(),
                "concepts", change.labels().fingerprint(), "recorded", recorded);
        // A lease lost meanwhile (it expired) means another invocation took over; it reads the tags again.
        return Outcome.done("concepts " + change.labels().fingerprint());
    }

    /** A PATCH the API refused for good: recorded in the ledger and logged, never sent again. */
    private Outcome refused(Change change, int code, String description) {
        LedgerEntry entry = change.entry();
        String problem = "PATCH refused with " + code + ": " + description;
        ledger.recordLabels(entry.bucket(), entry.key(), entry.inputId(), change.owner(), null, problem,
                clock.instant());
        Log.warn("labels.patch-refused", "bucket", entry.bucket(), "key", entry.key(), "inputId", entry.inputId(),
                "code", code, "description", description);
        return Outcome.done(problem);
    }

    private Outcome release(Change change, String reason) {
        LedgerEntry entry = change.entry();
        ledger.releaseLabels(entry.bucket(), entry.key(), entry.inputId(), change.owner());
        Log.warn("labels.patch-retry", "bucket", entry.bucket(), "key", entry.key(), "inputId", entry.inputId(),
                "reason", reason);
        return Outcome.retry(reason);
    }
}

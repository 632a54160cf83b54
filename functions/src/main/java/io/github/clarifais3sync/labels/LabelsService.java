package io.github.clarifais3sync.labels;

import io.github.clarifais3sync.batch.MessageOutcome;
import io.github.clarifais3sync.batch.Outcome;
import io.github.clarifais3sync.batch.SqsMessage;
import io.github.clarifais3sync.concepts.LabelRules;
import io.github.clarifais3sync.concurrent.BoundedParallel;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.labels.LabelsStep.Change;
import io.github.clarifais3sync.labels.LabelsStep.Settled;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.ledger.LedgerEntry;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.model.KeyFilter;
import io.github.clarifais3sync.storage.ObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * and are sent. A change that finds its input's lease taken by another invocation comes back at that instant too, so a
 * key re-tagged twice within a burst is never sent alone ahead of it. A burst of N changes that reaches the queue
 * within the hold thus costs at most
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

    private final Ledger ledger;
    private final LabelsPreparer preparer;
    private final LabelsPatcher patcher;
    private final BoundedParallel parallel;
    private final Duration hold;
    private final Clock clock;

    /** @param hold how long a partial last request waits for the rest of its burst; zero sends it at once */
    public LabelsService(
            InputsClient inputs,
            Ledger ledger,
            ObjectStore store,
            LabelRules rules,
            KeyFilter keys,
            int parallelism,
            Duration hold,
            Clock clock) {
        this.ledger = ledger;
        this.preparer = new LabelsPreparer(ledger, store, rules, keys, clock, this::later);
        this.patcher = new LabelsPatcher(inputs, ledger, clock);
        this.parallel = new BoundedParallel(parallelism);
        this.hold = hold;
        this.clock = clock;
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
            List<LabelsStep> steps =
                    parallel.map(chunk, change -> preparer.prepare(change, invocation, leaseUntil, deadline));
            for (int i = 0; i < chunk.size(); i++) {
                switch (steps.get(i)) {
                    case Settled settled -> byTarget.put(chunk.get(i).target(), settled.outcome());
                    case Change change -> pending.add(change);
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            slowest = took.compareTo(slowest) > 0 ? took : slowest;
            while (pending.size() >= size) {
                byTarget.putAll(patcher.patch(List.copyOf(pending.subList(0, size)), deadline));
                pending.subList(0, size).clear();
                patchedFull = true;
            }
        }
        Set<String> deliveredBefore = new HashSet<>();
        messages.stream()
                .filter(m -> m.receiveCount() > 1 && targetOf.containsKey(m.messageId()))
                .forEach(m -> deliveredBefore.add(targetOf.get(m.messageId()).target()));
        boolean waited = pending.stream()
                .anyMatch(c -> deliveredBefore.contains(c.change().target()));
        boolean holding = !hold.isZero() && !waited;
        if (!pending.isEmpty() && (holding || deferred && patchedFull)) {
            // The rest of the burst comes back later anyway: these join it in a full request, not a small one now.
            pending.forEach(change -> byTarget.put(change.change().target(), holdBack(change)));
            Log.info("labels.held", "inputs", pending.size(), "reason", holding ? HELD : OUT_OF_TIME);
        } else if (!pending.isEmpty()) {
            byTarget.putAll(patcher.patch(pending, deadline));
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
        return result.stream()
                .map(delivery -> delivery.outcome() instanceof Outcome.Hold held
                        ? new MessageOutcome(delivery.message(), Outcome.hold(held.reason(), untilFlush))
                        : delivery)
                .toList();
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
            Log.error(
                    "labels.poison-message",
                    "messageId",
                    message.messageId(),
                    "error",
                    malformed.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}

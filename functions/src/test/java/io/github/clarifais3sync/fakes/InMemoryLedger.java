package io.github.clarifais3sync.fakes;

import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.ledger.LedgerEntry;
import io.github.clarifais3sync.ledger.Transition;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.model.Sequencers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ledger's contract in memory, for unit tests of the services. Its checks come from {@link Transition}, the
 * table DynamoDbLedger derives its conditions from, and the same contract suite (LedgerContract) runs against both:
 * newest sequencer wins per key, deleted is final.
 */
public final class InMemoryLedger implements Ledger {

    private final Map<String, KeyHead> heads = new HashMap<>();
    private final Map<String, LedgerEntry> entries = new LinkedHashMap<>();
    private final Map<String, Instant> nextCheck = new HashMap<>();
    private final Map<String, String> labels = new HashMap<>();
    private final Map<String, String> labelProblems = new HashMap<>();
    private final Map<String, Lease> leases = new HashMap<>();
    private Instant flushAt;
    private boolean flushUnavailable;

    private record Lease(String owner, Instant until) {}

    /** The labels fingerprint recorded for a version ("" when none). */
    public synchronized String labels(String bucket, String key, String inputId) {
        return labels.getOrDefault(id(bucket, key, inputId), "");
    }

    /** The label problems recorded for a version ("" when none). */
    public synchronized String labelProblems(String bucket, String key, String inputId) {
        return labelProblems.getOrDefault(id(bucket, key, inputId), "");
    }

    private static String id(String bucket, String key, String inputId) {
        return bucket + "/" + key + "#" + inputId;
    }

    public synchronized LedgerEntry entry(String bucket, String key, String inputId) {
        return entries.get(id(bucket, key, inputId));
    }

    public synchronized List<LedgerEntry> all() {
        return List.copyOf(entries.values());
    }

    /** The versions this ledger holds as awaiting a status check (DynamoDB's sparse index, here a map). */
    public synchronized List<LedgerEntry> awaitingStatus() {
        return nextCheck.keySet().stream().map(entries::get).toList();
    }

    private InputState stateOf(String id) {
        LedgerEntry current = entries.get(id);
        return current == null ? null : current.state();
    }

    @Override
    public synchronized void recordVersionQueued(ObjectVersion v, Instant now) {
        if (Transition.QUEUE.allowsFrom(stateOf(id(v.bucket(), v.key(), v.inputId())))) {
            entries.put(id(v.bucket(), v.key(), v.inputId()), entry(v, InputState.QUEUED, 0, "", 0, now, null));
        }
    }

    @Override
    public synchronized void recordSent(ObjectVersion v, Instant now) {
        advance(v.bucket(), v.key(), v.sequencer(), v.inputId());
    }

    @Override
    public synchronized boolean recordRemoved(String bucket, String key, String sequencer, Instant now) {
        return advance(bucket, key, sequencer, null);
    }

    /** @param inputId the created version's input id; null for a removal */
    private boolean advance(String bucket, String key, String sequencer, String inputId) {
        KeyHead head = heads.get(bucket + "/" + key);
        if (head != null && Sequencers.compare(head.sequencer(), sequencer) >= 0) {
            return false;
        }
        heads.put(bucket + "/" + key, new KeyHead(Sequencers.normalize(sequencer), inputId == null, inputId));
        return true;
    }

    @Override
    public synchronized Optional<KeyHead> head(String bucket, String key) {
        return Optional.ofNullable(heads.get(bucket + "/" + key));
    }

    @Override
    public synchronized Set<String> keysWithHead(String bucket, Collection<String> keys) {
        Set<String> known = new HashSet<>();
        for (String key : keys) {
            if (heads.containsKey(bucket + "/" + key)) {
                known.add(key);
            }
        }
        return known;
    }

    @Override
    public synchronized Optional<LedgerEntry> find(String bucket, String key, String inputId) {
        return Optional.ofNullable(entries.get(id(bucket, key, inputId)));
    }

    @Override
    public synchronized List<LedgerEntry> versionsOf(String bucket, String key) {
        return entries.values().stream()
                .filter(e -> e.bucket().equals(bucket) && e.key().equals(key))
                .toList();
    }

    @Override
    public synchronized boolean markPosted(ObjectVersion v, String labelFingerprint, String problems, Instant now) {
        LedgerEntry current = entries.get(id(v.bucket(), v.key(), v.inputId()));
        if (Transition.POST.allowsFrom(stateOf(id(v.bucket(), v.key(), v.inputId())))) {
            labels.put(id(v.bucket(), v.key(), v.inputId()), labelFingerprint);
            labelProblems.put(id(v.bucket(), v.key(), v.inputId()), problems);
            int attempts = current == null ? 1 : current.attempts() + 1;
            entries.put(
                    id(v.bucket(), v.key(), v.inputId()),
                    entry(v, InputState.POSTED, 30001, "accepted", attempts, now, now));
            nextCheck.put(id(v.bucket(), v.key(), v.inputId()), now);
            return true;
        }
        return current != null && current.state() != InputState.DELETED;
    }

    @Override
    public synchronized void markFailed(ObjectVersion v, int statusCode, String description, Instant now) {
        LedgerEntry current = entries.get(id(v.bucket(), v.key(), v.inputId()));
        if (Transition.FAIL_ADD.allowsFrom(stateOf(id(v.bucket(), v.key(), v.inputId())))) {
            entries.put(
                    id(v.bucket(), v.key(), v.inputId()),
                    entry(
                            v,
                            InputState.FAILED,
                            statusCode,
                            description,
                            current == null ? 1 : current.attempts() + 1,
                            now,
                            null));
        }
    }

    @Override
    public synchronized Optional<LedgerEntry> markDeleted(
            String bucket, String key, String inputId, String reason, Instant now) {
        LedgerEntry current = entries.get(id(bucket, key, inputId));
        if (!Transition.DELETE.allowsFrom(stateOf(id(bucket, key, inputId)))) {
            return Optional.empty();
        }
        LedgerEntry base = current != null
                ? current
                : new LedgerEntry(
                        bucket, key, inputId, null, "", 0, "", InputState.QUEUED, 0, "", 0, now, now, null, null);
        entries.put(id(bucket, key, inputId), with(base, InputState.DELETED, base.statusCode(), reason, now));
        nextCheck.remove(id(bucket, key, inputId));
        return Optional.ofNullable(current);
    }

    @Override
    public synchronized boolean requeue(LedgerEntry entry, int statusCode, String description, Instant now) {
        String id = id(entry.bucket(), entry.key(), entry.inputId());
        LedgerEntry current = entries.get(id);
        if (!Transition.REQUEUE.allowsFrom(stateOf(id))) {
            return false;
        }
        entries.put(id, with(current, InputState.QUEUED, statusCode, description, now));
        nextCheck.remove(id);
        return true;
    }

    @Override
    public synchronized void countUncertainAdd(ObjectVersion v, Instant now) {
        String id = id(v.bucket(), v.key(), v.inputId());
        LedgerEntry current = entries.get(id);
        if (Transition.UNCERTAIN_ADD.allowsFrom(stateOf(id))) {
            entries.put(
                    id,
                    new LedgerEntry(
                            current.bucket(),
                            current.key(),
                            current.inputId(),
                            current.versionId(),
                            current.eTag(),
                            current.size(),
                            current.sequencer(),
                            current.state(),
                            current.statusCode(),
                            current.statusDescription(),
                            current.attempts() + 1,
                            current.createdAt(),
                            now,
                            current.postedAt(),
                            current.eventTime()));
        }
    }

    @Override
    public synchronized boolean retry(LedgerEntry entry, String description, Instant now) {
        String id = id(entry.bucket(), entry.key(), entry.inputId());
        LedgerEntry current = entries.get(id);
        if (!Transition.RETRY.allowsFrom(stateOf(id))) {
            return false;
        }
        entries.put(id, with(current, InputState.QUEUED, current.statusCode(), description, now));
        nextCheck.remove(id);
        return true;
    }

    @Override
    public synchronized List<LedgerEntry> dueForStatus(Instant now, int limit) {
        List<LedgerEntry> due = new ArrayList<>();
        nextCheck.entrySet().stream()
                .filter(e -> !e.getValue().isAfter(now))
                .sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                .limit(limit)
                .forEach(e -> due.add(entries.get(e.getKey())));
        return due;
    }

    @Override
    public synchronized void recordStatus(
            LedgerEntry entry, InputState state, int statusCode, String description, Instant now, Instant nextCheckAt) {
        String id = id(entry.bucket(), entry.key(), entry.inputId());
        LedgerEntry current = entries.get(id);
        Transition.RECORD_STATUS.requireTarget(state);
        if (!Transition.RECORD_STATUS.allowsFrom(stateOf(id))) {
            return;
        }
        entries.put(id, with(current, state, statusCode, description, now));
        if (state.awaitsStatus()) {
            nextCheck.put(id, nextCheckAt);
        } else {
            nextCheck.remove(id);
        }
    }

    @Override
    public synchronized LabelsClaim claimLabels(
            String bucket, String key, String inputId, String owner, Instant now, Instant until) {
        String id = id(bucket, key, inputId);
        LedgerEntry current = entries.get(id);
        if (current == null) {
            return new LabelsClaim(LabelsClaim.Outcome.UNKNOWN, null, "");
        }
        String applied = labels.getOrDefault(id, "");
        if (!Transition.CLAIM_LABELS.allowsFrom(current.state())) {
            return new LabelsClaim(LabelsClaim.Outcome.NOT_ACCEPTED, current, applied);
        }
        Lease lease = leases.get(id);
        if (lease != null && !lease.until().isBefore(now)) {
            return new LabelsClaim(LabelsClaim.Outcome.BUSY, current, applied);
        }
        leases.put(id, new Lease(owner, until));
        return new LabelsClaim(LabelsClaim.Outcome.CLAIMED, current, applied);
    }

    @Override
    public synchronized boolean recordLabels(
            String bucket,
            String key,
            String inputId,
            String owner,
            String labelFingerprint,
            String problems,
            Instant now) {
        String id = id(bucket, key, inputId);
        Lease lease = leases.get(id);
        if (lease == null || !lease.owner().equals(owner)) {
            return false;
        }
        leases.remove(id);
        if (labelFingerprint != null) {
            labels.put(id, labelFingerprint);
        }
        labelProblems.put(id, problems);
        return true;
    }

    @Override
    public synchronized void releaseLabels(String bucket, String key, String inputId, String owner) {
        leases.computeIfPresent(
                id(bucket, key, inputId), (id, lease) -> lease.owner().equals(owner) ? null : lease);
    }

    /** Makes {@link #labelsFlushAt} fail from now on, as DynamoDB does when unavailable. */
    public synchronized InMemoryLedger failLabelsFlush() {
        flushUnavailable = true;
        return this;
    }

    @Override
    public synchronized Instant labelsFlushAt(Instant now, Duration hold) {
        if (flushUnavailable) {
            throw new IllegalStateException("ledger unavailable");
        }
        if (flushAt == null || !flushAt.isAfter(now)) {
            flushAt = now.plus(hold);
        }
        return flushAt;
    }

    private static LedgerEntry entry(
            ObjectVersion v,
            InputState state,
            int code,
            String description,
            int attempts,
            Instant now,
            Instant postedAt) {
        return new LedgerEntry(
                v.bucket(),
                v.key(),
                v.inputId(),
                v.versionId(),
                v.eTag(),
                v.size(),
                Sequencers.normalize(v.sequencer()),
                state,
                code,
                description,
                attempts,
                now,
                now,
                postedAt,
                v.eventInstant());
    }

    private static LedgerEntry with(LedgerEntry e, InputState state, int code, String description, Instant now) {
        return new LedgerEntry(
                e.bucket(),
                e.key(),
                e.inputId(),
                e.versionId(),
                e.eTag(),
                e.size(),
                e.sequencer(),
                state,
                code,
                description,
                e.attempts(),
                e.createdAt(),
                now,
                e.postedAt(),
                e.eventTime());
    }
}

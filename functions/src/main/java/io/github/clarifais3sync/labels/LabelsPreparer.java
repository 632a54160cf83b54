package io.github.clarifais3sync.labels;

import io.github.clarifais3sync.batch.Outcome;
import io.github.clarifais3sync.concepts.LabelRules;
import io.github.clarifais3sync.concepts.Labels;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.inputs.InputPatch;
import io.github.clarifais3sync.labels.LabelsStep.Change;
import io.github.clarifais3sync.labels.LabelsStep.Settled;
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
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A tag change's first step: find the object's input in the ledger and take its labels lease; holding it, read the
 * object's tags as they are now and map them with the {@link LabelRules}. A version not yet added is left to its add,
 * which reads the tags itself; a deleted or overwritten version, or concepts equal to those the input carries, change
 * nothing.
 */
final class LabelsPreparer {

    private final Ledger ledger;
    private final ObjectStore store;
    private final LabelRules rules;
    private final KeyFilter keys;
    private final Clock clock;
    private final Function<String, Outcome> later;

    /** @param later the outcome of work that comes back with the rest of its burst (at the shared flush instant) */
    LabelsPreparer(
            Ledger ledger,
            ObjectStore store,
            LabelRules rules,
            KeyFilter keys,
            Clock clock,
            Function<String, Outcome> later) {
        this.ledger = ledger;
        this.store = store;
        this.rules = rules;
        this.keys = keys;
        this.clock = clock;
        this.later = later;
    }

    LabelsStep prepare(TagChange change, String invocation, Instant leaseUntil, Deadline deadline) {
        try {
            return decide(change, invocation + "/" + change.target().hashCode(), leaseUntil);
        } catch (RuntimeException e) {
            Log.warn("labels.prepare-failed", "bucket", change.bucket(), "key", change.key(), "error", e.toString());
            return new Settled(Outcome.retry("preparing failed: " + e));
        }
    }

    private LabelsStep decide(TagChange change, String owner, Instant leaseUntil) {
        if (!keys.accepts(change.key())) {
            return settled(change, null, Outcome.done("not a synced key: " + keys.rejection(change.key())));
        }
        Optional<LedgerEntry> target = target(change);
        if (target.isEmpty()) {
            return settled(change, null, Outcome.done("no input yet: its add reads the tags"));
        }
        LedgerEntry entry = target.get();
        LabelsClaim claim =
                ledger.claimLabels(entry.bucket(), entry.key(), entry.inputId(), owner, clock.instant(), leaseUntil);
        switch (claim.outcome()) {
            case UNKNOWN -> {
                return settled(change, entry.inputId(), Outcome.done("no input yet: its add reads the tags"));
            }
            case BUSY -> {
                // Back at the flush instant with the held ones: back sooner, after the retry backoff, it would find
                // the burst still held, count as delivered before and go in a request of its own.
                return settled(
                        change,
                        entry.inputId(),
                        later.apply(
                                "another invocation is changing this input's" + " labels; read the tags again later"));
            }
            case NOT_ACCEPTED -> {
                return claim.entry().state() == InputState.QUEUED
                        // The add may have read the tags before this change: look again once it is recorded.
                        ? settled(change, entry.inputId(), Outcome.retry("input not added yet"))
                        : settled(
                                change,
                                entry.inputId(),
                                Outcome.done("version " + claim.entry().state().wireName() + ": nothing to change"));
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
        Optional<LedgerEntry> live = versions.stream()
                .filter(e -> e.state() != InputState.DELETED)
                .max(Comparator.comparing(LedgerEntry::sequencer, Sequencers::compare));
        return live.isPresent() ? live : versions.stream().findAny();
    }

    /** Holding the lease: reads the object and its tags as they are now and decides whether the input changes. */
    private LabelsStep read(TagChange change, LabelsClaim claim, String owner) {
        LedgerEntry entry = claim.entry();
        Optional<StoredObject> object = store.head(entry.bucket(), entry.key(), entry.versionId());
        Optional<Map<String, String>> tags = object.isEmpty()
                ? Optional.empty()
                : rules.readsTags()
                        ? store.tags(entry.bucket(), entry.key(), entry.versionId())
                        : Optional.of(Map.of());
        if (object.isEmpty() || tags.isEmpty()) {
            ledger.releaseLabels(entry.bucket(), entry.key(), entry.inputId(), owner);
            return settled(change, entry.inputId(), Outcome.done("object no longer in the bucket"));
        }
        if (entry.versionId() == null
                && !entry.eTag().isEmpty()
                && !entry.eTag().equals(object.get().eTag())) {
            ledger.releaseLabels(entry.bucket(), entry.key(), entry.inputId(), owner);
            return settled(
                    change,
                    entry.inputId(),
                    Outcome.done("object overwritten since; the new version's add" + " carries its tags"));
        }
        Labels labels = rules.map(entry.key(), tags.get());
        if (!labels.problems().isEmpty()) {
            Log.warn(
                    "labels.unmapped",
                    "bucket",
                    entry.bucket(),
                    "key",
                    entry.key(),
                    "inputId",
                    entry.inputId(),
                    "problems",
                    labels.problemSummary());
        }
        if (labels.fingerprint().equals(claim.labels())) {
            ledger.recordLabels(
                    entry.bucket(),
                    entry.key(),
                    entry.inputId(),
                    owner,
                    null,
                    labels.problemSummary(),
                    clock.instant());
            return settled(change, entry.inputId(), Outcome.done("concepts unchanged"));
        }
        ObjectVersion version = new ObjectVersion(
                entry.bucket(),
                entry.key(),
                entry.size(),
                entry.eTag(),
                entry.versionId(),
                entry.sequencer(),
                null,
                entry.inputId());
        // Overwrite replaces concepts and metadata as a whole, so the metadata the add wrote goes again.
        InputPatch patch = new InputPatch(entry.inputId(), labels.concepts(), InputMetadata.of(version, object.get()));
        return new Change(change, entry, owner, labels, patch);
    }

    private static Settled settled(TagChange change, String inputId, Outcome outcome) {
        Log.info(
                outcome.comesBack() ? "labels.later" : "labels.skipped",
                "bucket",
                change.bucket(),
                "key",
                change.key(),
                "inputId",
                inputId == null ? "" : inputId,
                "s3Event",
                change.event(),
                "reason",
                outcome.reason());
        return new Settled(outcome);
    }
}

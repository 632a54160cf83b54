package io.github.clarifais3sync.upload;

import io.github.clarifais3sync.batch.Outcome;
import io.github.clarifais3sync.concepts.LabelRules;
import io.github.clarifais3sync.concepts.Labels;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.ledger.LedgerEntry;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.metrics.SkipReason;
import io.github.clarifais3sync.model.KeyFilter;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.model.Sequencers;
import io.github.clarifais3sync.storage.ObjectStore;
import io.github.clarifais3sync.storage.StoredObject;
import io.github.clarifais3sync.sync.StaleInputs;
import io.github.clarifais3sync.upload.UploadPlan.Candidate;
import io.github.clarifais3sync.upload.UploadPlan.Settled;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The upload's first step: per object version, whether it still needs posting. Versions deleted or overwritten since
 * they were queued, already handled, or refused before sending (empty, too large) are settled {@link Outcome#done
 * done}; the rest become candidates for an add, with the concepts their key and tags map to.
 */
final class UploadPlanner {

    private final Ledger ledger;
    private final ObjectStore store;
    private final LabelRules labelRules;
    private final UploadRecorder recorder;
    private final Metrics metrics;
    private final Clock clock;

    UploadPlanner(
            Ledger ledger,
            ObjectStore store,
            LabelRules labelRules,
            UploadRecorder recorder,
            Metrics metrics,
            Clock clock) {
        this.ledger = ledger;
        this.store = store;
        this.labelRules = labelRules;
        this.recorder = recorder;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Whether a version still needs posting; any failure on the way retries it. */
    UploadPlan plan(
            ObjectVersion version, boolean redelivered, Deadline deadline, Map<String, StaleInputs.Retirement> retire) {
        try {
            return decide(version, redelivered, deadline, retire);
        } catch (RuntimeException e) {
            Log.warn(
                    "upload.plan-failed",
                    "bucket",
                    version.bucket(),
                    "key",
                    version.key(),
                    "inputId",
                    version.inputId(),
                    "error",
                    e.toString());
            return new Settled(version, Outcome.retry("planning failed: " + e));
        }
    }

    private UploadPlan decide(
            ObjectVersion version, boolean redelivered, Deadline deadline, Map<String, StaleInputs.Retirement> retire) {
        Optional<LedgerEntry> entry = ledger.find(version.bucket(), version.key(), version.inputId());
        if (entry.isPresent()) {
            switch (entry.get().state()) {
                case POSTED, PROCESSING, INDEXED, FAILED -> {
                    // A redelivery: finish what the first delivery may not have, retiring the older versions.
                    recorder.retireOlder(version, retire);
                    return settled(
                            version,
                            SkipReason.ALREADY_HANDLED,
                            "already " + entry.get().state().wireName());
                }
                case DELETED -> {
                    // Removed before this delivery. An input exists only if an add accepted it (the ledger knows),
                    // or if an earlier delivery sent the add and ended before recording it; then it goes.
                    if (entry.get().everAccepted() || redelivered) {
                        deleteAtBatchEnd(version, "deleted before upload", retire);
                    }
                    return settled(version, SkipReason.REPLACED_BEFORE_UPLOAD, "deleted before upload");
                }
                default -> {}
            }
        }
        // Still queued on a redelivery: an earlier delivery may have sent an add whose answer never came, so the
        // input may exist. Recorded before anything else, so that a delete or an overwrite from now on removes it
        // even if this message ends on the dead-letter queue.
        boolean mayExist = entry.isPresent() && (redelivered || entry.get().mayExistInApp());
        if (entry.isPresent() && redelivered && !entry.get().mayExistInApp()) {
            ledger.countUncertainAdd(version, clock.instant());
        }
        Optional<Ledger.KeyHead> head = ledger.head(version.bucket(), version.key());
        if (head.isPresent()
                && Sequencers.compare(head.get().sequencer(), version.sequencer()) > 0
                && !head.get().isVersion(version.inputId())) {
            String reason = head.get().removed() ? "object removed before upload" : "overwritten before upload";
            return replacedBeforeUpload(version, mayExist, reason, SkipReason.REPLACED_BEFORE_UPLOAD, retire);
        }
        Optional<StoredObject> object = store.head(version.bucket(), version.key(), version.versionId());
        if (object.isEmpty()) {
            return replacedBeforeUpload(
                    version, mayExist, "object no longer in the bucket", SkipReason.NOT_IN_BUCKET, retire);
        }
        // A different eTag in an unversioned bucket means the key was overwritten since this event. A newer event is
        // on its way unless S3 coalesced the two writes into one notification (it may), so upload what is there now:
        // if the newer event comes, it replaces this input; if not, this is the only chance to sync the object.
        String sizeProblem = KeyFilter.sizeProblem(object.get().size());
        if (sizeProblem != null) {
            // Not synced (KeyFilter's one rule), so nothing failed: as for any overwrite the key's older inputs go,
            // and this version, never to be an input, is recorded deleted.
            recorder.retireOlder(version, retire);
            return replacedBeforeUpload(
                    version,
                    mayExist,
                    "not synced: " + sizeProblem,
                    object.get().size() <= 0 ? SkipReason.ZERO_BYTES : SkipReason.TOO_LARGE,
                    retire);
        }
        return new Candidate(version, object.get(), labels(version));
    }

    /**
     * A version replaced or removed before its upload: recorded deleted, and its input goes too if an earlier add may
     * have made one ({@link #deleteAtBatchEnd}).
     */
    private Settled replacedBeforeUpload(
            ObjectVersion version,
            boolean mayExist,
            String reason,
            SkipReason skip,
            Map<String, StaleInputs.Retirement> retire) {
        ledger.markDeleted(version.bucket(), version.key(), version.inputId(), reason, clock.instant());
        if (mayExist) {
            deleteAtBatchEnd(version, reason, retire);
        }
        return settled(version, skip, reason);
    }

    /**
     * Notes the version's input for the batch's shared DELETE requests ({@link UploadRecorder#retireOlderVersions}):
     * if that request is refused the message comes back, and its redelivery, finding the version deleted, tries again.
     */
    private static void deleteAtBatchEnd(
            ObjectVersion version, String reason, Map<String, StaleInputs.Retirement> retire) {
        retire.compute(
                version.inputId(),
                (id, noted) -> noted == null
                        ? StaleInputs.Retirement.input(version.bucket(), version.key(), id, reason)
                        : noted.alsoDeleting(id));
    }

    /**
     * The version's concepts from its key and its tags as they are now, carried by the add itself (docs/labels.md):
     * a tag change that arrives before the input exists is folded in here.
     */
    private Labels labels(ObjectVersion version) {
        if (!labelRules.enabled()) {
            return Labels.NONE;
        }
        Map<String, String> tags = labelRules.readsTags()
                ? store.tags(version.bucket(), version.key(), version.versionId())
                        .orElse(Map.of())
                : Map.of();
        Labels labels = labelRules.map(version.key(), tags);
        if (!labels.problems().isEmpty()) {
            Log.warn(
                    "labels.unmapped",
                    "bucket",
                    version.bucket(),
                    "key",
                    version.key(),
                    "inputId",
                    version.inputId(),
                    "problems",
                    labels.problemSummary());
        }
        return labels;
    }

    private Settled settled(ObjectVersion version, SkipReason skip, String reason) {
        metrics.skipped(skip);
        Log.info(
                "upload.skipped",
                "bucket",
                version.bucket(),
                "key",
                version.key(),
                "inputId",
                version.inputId(),
                "reason",
                reason);
        return new Settled(version, Outcome.done(reason));
    }
}

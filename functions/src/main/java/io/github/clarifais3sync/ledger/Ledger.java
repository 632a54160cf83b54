package io.github.clarifais3sync.ledger;

import io.github.clarifais3sync.model.ObjectVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Durable record of every object version and its input. Every state change is conditional, so a stale or
 * redelivered event never overwrites a newer state; per key, the newest S3 {@code sequencer} seen wins.
 */
public interface Ledger {

    /**
     * The newest event seen for a key: its sequencer, whether it created or removed the object, and the input id of
     * the version it created (null for a removal, and for heads written before the id was kept).
     */
    record KeyHead(String sequencer, boolean removed, String inputId) {

        /**
         * Whether the head is this very version: a listed message (no sequencer) and the event of the same object
         * share an input id, and the event's newer sequencer must not retire the version it created itself.
         */
        public boolean isVersion(String versionInputId) {
            return !removed && inputId != null && inputId.equals(versionInputId);
        }
    }

    /** Records a version as queued unless the ledger already knows it; advances the key's head if newer. */
    default void recordQueued(ObjectVersion version, Instant now) {
        recordVersionQueued(version, now);
        recordSent(version, now);
    }

    /** Records a version as queued unless the ledger already knows it; the key's head is left alone. */
    void recordVersionQueued(ObjectVersion version, Instant now);

    /**
     * Advances the key's head to this version's event if it is newer, once its message is on the upload queue: a key
     * with a head is one the pipeline has (a backfill skips it), so a version whose send SQS refused gets none.
     */
    void recordSent(ObjectVersion version, Instant now);

    /** Records a removal event for a key; returns true when it is the newest event seen for that key. */
    boolean recordRemoved(String bucket, String key, String sequencer, Instant now);

    Optional<KeyHead> head(String bucket, String key);

    /**
     * The keys among {@code keys} that the ledger has a head for (any event or listing recorded, put or removal): a
     * listing's page of keys looked up at once, where {@link #head} would take one request per key.
     */
    Set<String> keysWithHead(String bucket, Collection<String> keys);

    Optional<LedgerEntry> find(String bucket, String key, String inputId);

    /** All versions of a key that the ledger knows, in no particular order. */
    List<LedgerEntry> versionsOf(String bucket, String key);

    /**
     * Marks a version posted (awaiting status) after an add accepted it. Returns false, changing nothing, when the
     * version was deleted or superseded in the meantime: the caller must then remove the input it just created.
     */
    default boolean markPosted(ObjectVersion version, Instant now) {
        return markPosted(version, "", "", now);
    }

    /**
     * {@link #markPosted(ObjectVersion, Instant)}, recording the labels the add carried: the concepts' fingerprint
     * (docs/labels.md) and what could not be mapped.
     */
    boolean markPosted(ObjectVersion version, String labels, String labelProblems, Instant now);

    /** Records a permanent failure of a version that never became an input (or whose add was refused). */
    void markFailed(ObjectVersion version, int statusCode, String description, Instant now);

    /**
     * Marks a version deleted (final, expires after the ledger's TTL) and returns the entry as it was, or empty when
     * it was already deleted or unknown. A version the ledger did not know is recorded as deleted.
     */
    Optional<LedgerEntry> markDeleted(String bucket, String key, String inputId, String reason, Instant now);

    /**
     * Puts a posted version back to queued, to be posted again, recording why. Applies only while it still awaits
     * status (a concurrent delete wins); returns whether it applied.
     */
    boolean requeue(LedgerEntry entry, int statusCode, String description, Instant now);

    /**
     * Counts an add that may have carried this queued version without its answer being recorded (see
     * {@link Transition#UNCERTAIN_ADD}); from then on {@link LedgerEntry#mayExistInApp()} holds, so a delete or an
     * overwrite removes the input it may have created. Applies only while the version is queued.
     */
    void countUncertainAdd(ObjectVersion version, Instant now);

    /**
     * Puts a version back to queued at an operator's request (a failure retried, or an input missing from the app
     * repaired), keeping its attempts; applies only from the states {@link Transition#RETRY} allows (a concurrent
     * delete wins, and a version already queued stays as it is); returns whether it applied.
     */
    boolean retry(LedgerEntry entry, String description, Instant now);

    /** Versions awaiting a status check whose next check is due, oldest first, from a sparse index (no scan). */
    List<LedgerEntry> dueForStatus(Instant now, int limit);

    /**
     * Records a status check. Applies only while the version still awaits status (a concurrent delete wins).
     * {@code state} is {@link InputState#PROCESSING}, {@link InputState#INDEXED} or {@link InputState#FAILED}.
     */
    void recordStatus(
            LedgerEntry entry, InputState state, int statusCode, String description, Instant now, Instant nextCheckAt);

    // ---- labels (docs/labels.md) ------------------------------------------------------------------------------

    /**
     * What {@link #claimLabels} found.
     *
     * @param entry  the version as it was; null when the ledger does not know it
     * @param labels the fingerprint of the concepts the input carries ("" for none)
     */
    record LabelsClaim(Outcome outcome, LedgerEntry entry, String labels) {

        public enum Outcome {
            /** The caller holds the version's labels lease until the time it gave. */
            CLAIMED,
            /** Another invocation holds the lease: try again later, and read the tags then. */
            BUSY,
            /** The version is known but no accepted input (queued, failed, deleted): nothing to patch. */
            NOT_ACCEPTED,
            /** The ledger does not know the version. */
            UNKNOWN
        }
    }

    /**
     * Takes the version's labels lease: only while it is an accepted input (posted, processing, indexed) and no one
     * else holds an unexpired lease. The holder reads the object's tags, patches the input and then
     * {@link #recordLabels records} what it applied, so two invocations never interleave read and patch of one input.
     * A lease expires at {@code until} (the holder's function timeout), so a crashed holder never blocks for good.
     */
    LabelsClaim claimLabels(String bucket, String key, String inputId, String owner, Instant now, Instant until);

    /**
     * Records the labels now on the input (fingerprint and problems; {@code labels} null keeps the recorded ones) and
     * releases the lease; applies only while {@code owner} still holds it. Returns whether it applied.
     */
    boolean recordLabels(
            String bucket, String key, String inputId, String owner, String labels, String problems, Instant now);

    /** Releases the lease without recording anything, if {@code owner} holds it. */
    void releaseLabels(String bucket, String key, String inputId, String owner);

    /**
     * The one instant at which held-back labels changes come back (docs/labels.md): the instant already set while it
     * is still after {@code now}, otherwise {@code now + hold}, set for every later caller. One conditional write, so
     * concurrent invocations holding changes back agree on it and their changes come back together.
     */
    Instant labelsFlushAt(Instant now, Duration hold);
}

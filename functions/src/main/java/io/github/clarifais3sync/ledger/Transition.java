package io.github.clarifais3sync.ledger;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The ledger's state machine, declared once: every change of a version's {@link InputState}, the states it may start
 * from (and whether it may start from a version the ledger does not know yet) and the states it may lead to.
 * {@link DynamoDbLedger} derives its condition expressions from this table and the in-memory ledger of the tests its
 * checks, so the two cannot disagree; one contract test suite runs against both.
 *
 * <pre>
 *   (unknown) ─QUEUE→ queued ─POST→ posted ─RECORD_STATUS→ processing ─RECORD_STATUS→ indexed | failed
 *                        │  ↖──REQUEUE── posted, processing
 *                        ├─FAIL_ADD→ failed ─POST / FAIL_ADD→ (again)
 *                        └─UNCERTAIN_ADD→ queued (one more attempt: an add may have carried it)
 *   posted, processing, indexed, failed ─RETRY→ queued (an operator's retry or repair)
 *   any state but deleted ─DELETE→ deleted (final)
 *   posted, processing, indexed ─CLAIM_LABELS→ (the same state, its labels lease taken)
 * </pre>
 * A transition whose start state does not hold changes nothing: a stale or redelivered event never overwrites a
 * newer state.
 */
public enum Transition {
    /** The enqueue function saw the version: recorded once, when the ledger does not know it yet. */
    QUEUE(EnumSet.noneOf(InputState.class), true, EnumSet.of(InputState.QUEUED)),
    /**
     * A redelivery found it still queued: an earlier delivery may have sent an add whose answer never came (a lost
     * response, a timed-out invocation), so the input may exist. Counted as an attempt; the state stays.
     */
    UNCERTAIN_ADD(EnumSet.of(InputState.QUEUED), false, EnumSet.of(InputState.QUEUED)),
    /** An add accepted it; now awaiting status. Never after a delete, never twice. */
    POST(EnumSet.of(InputState.QUEUED, InputState.FAILED), true, EnumSet.of(InputState.POSTED)),
    /** An add refused it, or it was refused before sending (empty, too large): it will not become an input. */
    FAIL_ADD(EnumSet.of(InputState.QUEUED, InputState.FAILED), true, EnumSet.of(InputState.FAILED)),
    /** A status check of an input awaiting status: still processing, indexed, or failed. */
    RECORD_STATUS(
            EnumSet.of(InputState.POSTED, InputState.PROCESSING),
            false,
            EnumSet.of(InputState.PROCESSING, InputState.INDEXED, InputState.FAILED)),
    /** An input that failed for a passing reason goes back to the queue to be posted again. */
    REQUEUE(EnumSet.of(InputState.POSTED, InputState.PROCESSING), false, EnumSet.of(InputState.QUEUED)),
    /**
     * An operator sends a version through the pipeline again: a failure ({@code ./clarifai-sync retry}) or a
     * version whose input is missing from the app ({@code ./clarifai-sync reconcile --repair}).
     */
    RETRY(
            EnumSet.of(InputState.POSTED, InputState.PROCESSING, InputState.INDEXED, InputState.FAILED),
            false,
            EnumSet.of(InputState.QUEUED)),
    /** The object was deleted or overwritten (or the version skipped): final; a version not known yet too. */
    DELETE(EnumSet.complementOf(EnumSet.of(InputState.DELETED)), true, EnumSet.of(InputState.DELETED)),
    /**
     * The labels function takes an input's labels lease: only an input the app accepted has concepts to patch. The
     * state stays.
     */
    CLAIM_LABELS(
            EnumSet.of(InputState.POSTED, InputState.PROCESSING, InputState.INDEXED),
            false,
            EnumSet.of(InputState.POSTED, InputState.PROCESSING, InputState.INDEXED));

    private final Set<InputState> from;
    private final boolean fromUnknown;
    private final Set<InputState> to;

    Transition(Set<InputState> from, boolean fromUnknown, Set<InputState> to) {
        this.from = Collections.unmodifiableSet(from);
        this.fromUnknown = fromUnknown;
        this.to = Collections.unmodifiableSet(to);
    }

    /** States this transition may start from. */
    public Set<InputState> from() {
        return from;
    }

    /** Whether it may start from a version the ledger has no record of. */
    public boolean fromUnknown() {
        return fromUnknown;
    }

    /** States this transition may lead to. */
    public Set<InputState> to() {
        return to;
    }

    /** Whether it applies to a version now in {@code current} (null: the ledger has no record of it). */
    public boolean allowsFrom(InputState current) {
        return current == null ? fromUnknown : from.contains(current);
    }

    /** @throws IllegalArgumentException when this transition cannot lead to {@code target} */
    public InputState requireTarget(InputState target) {
        if (!to.contains(target)) {
            throw new IllegalArgumentException(this + " leads to " + to + ", not " + target);
        }
        return target;
    }
}

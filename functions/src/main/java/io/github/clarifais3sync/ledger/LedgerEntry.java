package io.github.clarifais3sync.ledger;

import java.time.Instant;

/**
 * The ledger's record of one object version / input id.
 *
 * @param sequencer         normalized S3 sequencer of the event that created this version
 * @param statusCode        last Clarifai status code seen for the input (0 before any)
 * @param statusDescription its description, or why the version was skipped, failed or deleted
 * @param attempts          add requests that carried this input
 * @param postedAt          when an add accepted it (null before)
 * @param eventTime         when the object was put (the S3 event's {@code eventTime}; null when unknown)
 */
public record LedgerEntry(
        String bucket,
        String key,
        String inputId,
        String versionId,
        String eTag,
        long size,
        String sequencer,
        InputState state,
        int statusCode,
        String statusDescription,
        int attempts,
        Instant createdAt,
        Instant updatedAt,
        Instant postedAt,
        Instant eventTime) {

    /**
     * Whether an input with this id may exist in the app and must be deleted with its object: accepted inputs,
     * failed ones that an add had accepted before processing failed, and queued ones that an add may have carried
     * (an earlier attempt: a requeue, an operator's retry, or an add whose answer never came). An input the add
     * refused never existed.
     */
    public boolean mayExistInApp() {
        return state.accepted()
                || (state == InputState.FAILED && postedAt != null)
                || (state == InputState.QUEUED && attempts > 0);
    }

    /** Whether an add ever accepted this version (it keeps {@code postedAt} through later states, deleted included). */
    public boolean everAccepted() {
        return postedAt != null;
    }
}

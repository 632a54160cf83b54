package io.github.clarifais3sync.ledger;

import java.util.Locale;

/** Where an object version stands on its way to becoming (or ceasing to be) a Clarifai input. */
public enum InputState {
    /** On the upload queue. */
    QUEUED,
    /** Accepted by an add; Clarifai processes it asynchronously (30001). */
    POSTED,
    /** Clarifai reported 30003 / still 30001 at the last check. */
    PROCESSING,
    /** Final: 30000, downloaded, processed and indexed. */
    INDEXED,
    /** Final: refused or failed, with the code and description recorded. */
    FAILED,
    /** Final: the object was deleted or overwritten, and the input removed (or never created). */
    DELETED;

    /** States in which an accepted input exists in the app (a FAILED one may, see {@link LedgerEntry#mayExistInApp}). */
    public boolean accepted() {
        return this == POSTED || this == PROCESSING || this == INDEXED;
    }

    public boolean awaitsStatus() {
        return this == POSTED || this == PROCESSING;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InputState fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

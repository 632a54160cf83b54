package io.github.clarifais3sync.inputs;

import java.util.Set;

/**
 * The one place that decides what a Clarifai answer means: for a whole request (retry, split, give up), for one input
 * of an add or patch (accepted, duplicate id, retry, permanent) and for an input's processing status (indexed, still
 * processing, failed for a passing reason, failed for good). Decisions are made on the status code first, then on the
 * HTTP status where the body carries no code, and a transport error (no answer at all) is always worth a retry.
 * Codes: https://docs.clarifai.com/resources/api-overview/status-codes; what is assumed beyond them:
 * docs/clarifai-api-notes.md#codes.
 */
public final class Classifier {

    /** Why a whole request failed, and whether sending it again later may succeed. */
    public enum RequestFailure {
        /** 429, 11005, 11003: wait at least the throttle delay, then again. */
        THROTTLED(true),
        /** 5xx, busy or unavailable servers, try-again, no answer at all: again, with backoff. */
        UNAVAILABLE(true),
        /** 40033: the request as a whole is larger than the service takes; smaller requests may pass. */
        TOO_LARGE(false),
        /** Bad, missing or under-scoped key: nothing changes until the configuration does. */
        UNAUTHORIZED(false),
        /** Anything else: the request itself is wrong or not allowed. */
        INVALID(false);

        private final boolean retryable;

        RequestFailure(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    /** Where one input stands after a status check. */
    public enum Progress {
        /** 30000: downloaded, processed and indexed. */
        INDEXED,
        /** 30001 pending, 30003 in progress. */
        PROCESSING,
        /** Failed for a reason another add may not meet (39996 could not connect, 30210, 40031, 98xxx…). */
        PASSING_FAILURE,
        /** Failed for good (bad bytes, unsupported format, too large…). */
        FAILED
    }

    private static final Set<Integer> UNAUTHORIZED_CODES = Set.of(11001, 11002, 11007, 11008, 11009, 11102, 11200);

    private Classifier() {}

    /** What a request that was answered but not as hoped means. */
    public static RequestFailure ofResponse(int httpStatus, int code) {
        if (code == StatusCodes.RPC_MAX_MESSAGE_SIZE_EXCEEDED) {
            return RequestFailure.TOO_LARGE;
        }
        if (code == StatusCodes.CONN_THROTTLED || code == StatusCodes.CONN_EXCEED_HOURLY_LIMIT) {
            return RequestFailure.THROTTLED;
        }
        if (isBusyOrUnavailable(code)) {
            return httpStatus == 429 ? RequestFailure.THROTTLED : RequestFailure.UNAVAILABLE;
        }
        if (UNAUTHORIZED_CODES.contains(code)) {
            return RequestFailure.UNAUTHORIZED;
        }
        if (httpStatus == 429) {
            return RequestFailure.THROTTLED;
        }
        if (httpStatus >= 500) {
            return RequestFailure.UNAVAILABLE;
        }
        return httpStatus == 401 || httpStatus == 403 ? RequestFailure.UNAUTHORIZED : RequestFailure.INVALID;
    }

    /** A request that got no answer (connection refused or dropped, timeout): worth another try. */
    public static RequestFailure ofTransportError() {
        return RequestFailure.UNAVAILABLE;
    }

    /** Whether an answer says the input (or path) does not exist: 11101, or a bare 404 without a code. */
    public static boolean isNotFound(int httpStatus, int code) {
        return code == StatusCodes.CONN_DOES_NOT_EXIST || (httpStatus == 404 && code == StatusCodes.ZERO);
    }

    /** One input of an add, given the request's code and the input's own. */
    public static InputOutcome.Kind ofAddedInput(int requestCode, int inputCode) {
        if (requestCode == StatusCodes.SUCCESS
                || inputCode == StatusCodes.SUCCESS
                || inputCode == StatusCodes.INPUT_SUCCESS
                || isProcessingCode(inputCode)) {
            return InputOutcome.Kind.ACCEPTED;
        }
        if (inputCode == StatusCodes.DATABASE_DUPLICATE_KEY) {
            return InputOutcome.Kind.DUPLICATE_ID;
        }
        return inputCode == StatusCodes.ZERO || isPassingInputFailure(inputCode)
                ? InputOutcome.Kind.RETRYABLE_FAILURE
                : InputOutcome.Kind.PERMANENT_FAILURE;
    }

    /** One input of a patch, given the request's code and the input's own. */
    public static InputOutcome.Kind ofPatchedInput(int requestCode, int inputCode) {
        if (requestCode == StatusCodes.SUCCESS || inputCode == StatusCodes.INPUT_MODIFY_SUCCESS) {
            return InputOutcome.Kind.ACCEPTED;
        }
        return isPassingInputFailure(inputCode)
                ? InputOutcome.Kind.RETRYABLE_FAILURE
                : InputOutcome.Kind.PERMANENT_FAILURE;
    }

    /** An input's processing status as a status check reports it. */
    public static Progress ofInputStatus(int code) {
        if (code == StatusCodes.INPUT_SUCCESS) {
            return Progress.INDEXED;
        }
        if (isProcessingCode(code)) {
            return Progress.PROCESSING;
        }
        return isPassingInputFailure(code) ? Progress.PASSING_FAILURE : Progress.FAILED;
    }

    private static boolean isProcessingCode(int code) {
        return code == StatusCodes.INPUT_PENDING || code == StatusCodes.INPUT_IN_PROGRESS;
    }

    /** One input failed for a passing reason: could not connect to its URL, storage host, or a busy server. */
    private static boolean isPassingInputFailure(int code) {
        return code == StatusCodes.INPUT_CONNECTION_FAILED
                || code == StatusCodes.INPUT_STORAGE_HOST_FAILED
                || code == StatusCodes.CONN_THROTTLED
                || code == StatusCodes.CONN_EXCEED_HOURLY_LIMIT
                || isBusyOrUnavailable(code);
    }

    /**
     * Try-again (10030), database trouble (40011–40017, 40021), full queues, unavailable servers and timeouts
     * (40030–40032), external connections (40034), busy servers (41000, 41100) and internal errors (98xxx, 99009).
     */
    private static boolean isBusyOrUnavailable(int code) {
        return code == StatusCodes.TRY_AGAIN
                || (code >= 40011 && code <= 40017)
                || code == 40021
                || (code >= 40030 && code <= 40032)
                || code == 40034
                || code == 41000
                || code == 41100
                || (code >= 98000 && code <= 98999)
                || code == 99009;
    }
}

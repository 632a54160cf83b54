package io.github.clarifais3sync.local.inputsapi;

/** A request-level failure: answered with the code's HTTP status and a body carrying only {@code status}. */
final class ApiException extends RuntimeException {
    private final int httpStatus;
    private final int code;
    private final String details;

    ApiException(StatusCode code, String details) {
        this(code.httpStatus(), code.number(), details);
    }

    ApiException(int httpStatus, int code, String details) {
        super(code + " " + details, null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
        this.details = details;
    }

    int httpStatus() {
        return httpStatus;
    }

    int code() {
        return code;
    }

    String details() {
        return details;
    }
}

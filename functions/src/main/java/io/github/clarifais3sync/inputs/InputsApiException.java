package io.github.clarifais3sync.inputs;

/**
 * A request the API did not carry out. {@link #retryable()} says whether sending it again later may succeed
 * (throttling, 5xx, busy servers, connection errors, timeouts) or not (auth, validation, limits). The message names
 * the operation, the HTTP status and the Clarifai code and description — never the key or a request header.
 */
public class InputsApiException extends RuntimeException {

    private final String operation;
    private final int httpStatus;
    private final ApiStatus status;
    private final boolean retryable;

    public InputsApiException(String operation, int httpStatus, ApiStatus status, boolean retryable, Throwable cause) {
        super(operation + " failed: " + describe(httpStatus, status) + (retryable ? " (retryable)" : " (permanent)"),
                cause);
        this.operation = operation;
        this.httpStatus = httpStatus;
        this.status = status;
        this.retryable = retryable;
    }

    private static String describe(int httpStatus, ApiStatus status) {
        String http = httpStatus > 0 ? "HTTP " + httpStatus : "no HTTP response";
        return status.code() == 0 ? http + ", " + status.summary() : http + ", code " + status.code() + " " + status.summary();
    }

    public String operation() {
        return operation;
    }

    /** 0 when no response arrived (connection error, timeout). */
    public int httpStatus() {
        return httpStatus;
    }

    public ApiStatus status() {
        return status;
    }

    public int code() {
        return status.code();
    }

    public boolean retryable() {
        return retryable;
    }
}

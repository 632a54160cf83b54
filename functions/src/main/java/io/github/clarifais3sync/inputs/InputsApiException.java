package io.github.clarifais3sync.inputs;

import io.github.clarifais3sync.inputs.Classifier.RequestFailure;

/**
 * A request the API did not carry out. {@link #failure()} says why, as {@link Classifier} reads the answer, and
 * {@link #retryable()} whether sending it again later may succeed. The message names the operation, the HTTP status
 * and the Clarifai code and description — never the key or a request header.
 */
public class InputsApiException extends RuntimeException {

    private final String operation;
    private final int httpStatus;
    private final ApiStatus status;
    private final RequestFailure failure;

    /** A request that was answered, with this HTTP status and body status. */
    public InputsApiException(String operation, int httpStatus, ApiStatus status, Throwable cause) {
        this(operation, httpStatus, status, Classifier.ofResponse(httpStatus, status.code()), cause);
    }

    private InputsApiException(
            String operation, int httpStatus, ApiStatus status, RequestFailure failure, Throwable cause) {
        super(
                operation + " failed: " + describe(httpStatus, status)
                        + (failure.retryable() ? " (retryable)" : " (permanent)"),
                cause);
        this.operation = operation;
        this.httpStatus = httpStatus;
        this.status = status;
        this.failure = failure;
    }

    /** A request that got no answer: connection refused or dropped, or a timeout. */
    public static InputsApiException noAnswer(String operation, Exception cause) {
        return new InputsApiException(
                operation,
                0,
                ApiStatus.of(StatusCodes.ZERO, cause.getClass().getSimpleName()),
                Classifier.ofTransportError(),
                cause);
    }

    private static String describe(int httpStatus, ApiStatus status) {
        String http = httpStatus > 0 ? "HTTP " + httpStatus : "no HTTP response";
        return status.code() == 0
                ? http + ", " + status.summary()
                : http + ", code " + status.code() + " " + status.summary();
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

    public RequestFailure failure() {
        return failure;
    }

    public boolean retryable() {
        return failure.retryable();
    }
}

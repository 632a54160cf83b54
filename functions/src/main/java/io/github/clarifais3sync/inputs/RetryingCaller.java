package io.github.clarifais3sync.inputs;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The client's one retry decision, after OkHttp's retry interceptor: a request is sent until the operation accepts
 * the answer; an answer it does not accept is classified by {@link Classifier}, and only a retryable failure is sent
 * again, after {@link RetryPolicy}'s backoff, while the caller's {@link Deadline} leaves room for another attempt.
 * The limit is the deadline (the Lambda's remaining time), not an attempt count.
 */
final class RetryingCaller {

    private final InputsTransport transport;
    private final RetryPolicy policy;
    private final AttemptListener listener;

    RetryingCaller(InputsTransport transport, RetryPolicy policy, AttemptListener listener) {
        this.transport = transport;
        this.policy = policy;
        this.listener = listener;
    }

    /**
     * @param done whether an answer is what the operation wanted (its body is then returned)
     * @throws InputsApiException at once for a permanent failure; for a retryable one when the deadline leaves no
     *                            room for another attempt
     */
    ApiResponse call(
            String operation, InputsTransport.Request request, Deadline deadline, Predicate<ApiResponse> done) {
        for (int attempt = 1; ; attempt++) {
            InputsApiException failure;
            try {
                ApiResponse response = transport.exchange(request, deadline);
                if (done.test(response)) {
                    return response;
                }
                failure = new InputsApiException(operation, response.httpStatus(), response.status(), null);
                if (!failure.retryable()) {
                    listener.failedAttempt(operation, failure.failure(), false);
                    throw failure;
                }
            } catch (IOException noAnswer) {
                failure = InputsApiException.noAnswer(operation, noAnswer);
            }
            Duration wait = policy.delay(attempt, failure.failure() == Classifier.RequestFailure.THROTTLED);
            boolean retrying = hasRoomAfter(wait, deadline);
            listener.failedAttempt(operation, failure.failure(), retrying);
            if (!retrying) {
                throw failure;
            }
            sleep(wait);
        }
    }

    /** Whether the deadline leaves time for a wait and one more attempt. */
    boolean hasRoomAfter(Duration wait, Deadline deadline) {
        return deadline.hasAtLeast(wait.plus(policy.minAttemptTime()));
    }

    RetryPolicy policy() {
        return policy;
    }

    AttemptListener listener() {
        return listener;
    }

    static void sleep(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while backing off", interrupted);
        }
    }
}

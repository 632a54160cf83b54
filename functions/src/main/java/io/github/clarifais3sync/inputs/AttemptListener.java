package io.github.clarifais3sync.inputs;

/**
 * Told of every request attempt that did not get the answer its operation wanted and was classified as retryable or
 * not: how a function counts Clarifai's throttling and the client's retries (its metrics). Called on the calling
 * thread; must be cheap and must not throw.
 */
@FunctionalInterface
public interface AttemptListener {

    AttemptListener NONE = (operation, failure, retrying) -> {};

    /**
     * @param operation the Inputs API operation (PostInputs, ListInputs, DeleteInputs, …)
     * @param failure   why the attempt failed, as {@link Classifier} reads the answer
     * @param retrying  whether the request (or, for an add, its inputs refused for a passing reason) goes again
     */
    void failedAttempt(String operation, Classifier.RequestFailure failure, boolean retrying);
}

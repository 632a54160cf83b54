package io.github.clarifais3sync.metrics;

import io.github.clarifais3sync.inputs.AttemptListener;
import io.github.clarifais3sync.inputs.Classifier;
import io.github.clarifais3sync.logging.Log;

/**
 * Counts the Inputs client's failed attempts, every throttling answer and every attempt that is sent again, and logs
 * each ({@code clarifai.attempt-failed}), so a throttling storm is visible both as metrics and in the logs.
 */
public record AttemptMetrics(Metrics metrics) implements AttemptListener {

    @Override
    public void failedAttempt(String operation, Classifier.RequestFailure failure, boolean retrying) {
        if (failure == Classifier.RequestFailure.THROTTLED) {
            metrics.increment(Metric.CLARIFAI_THROTTLES);
        }
        if (retrying) {
            metrics.increment(Metric.CLARIFAI_RETRIES);
        }
        Log.info("clarifai.attempt-failed", "operation", operation, "failure", failure.name(), "retrying", retrying);
    }
}

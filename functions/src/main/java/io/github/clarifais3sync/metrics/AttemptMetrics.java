package io.github.clarifais3sync.metrics;

import io.github.clarifais3sync.inputs.AttemptListener;
import io.github.clarifais3sync.inputs.Classifier;

/** Counts the Inputs client's failed attempts: every throttling answer, and every attempt that is sent again. */
public record AttemptMetrics(Metrics metrics) implements AttemptListener {

    @Override
    public void failedAttempt(String operation, Classifier.RequestFailure failure, boolean retrying) {
        if (failure == Classifier.RequestFailure.THROTTLED) {
            metrics.increment(Metric.CLARIFAI_THROTTLES);
        }
        if (retrying) {
            metrics.increment(Metric.CLARIFAI_RETRIES);
        }
    }
}

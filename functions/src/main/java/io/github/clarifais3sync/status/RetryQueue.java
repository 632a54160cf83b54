package io.github.clarifais3sync.status;

import io.github.clarifais3sync.model.ObjectVersion;
import java.time.Duration;

/** Where an object version goes to be posted again: the upload queue. */
public interface RetryQueue {

    void send(ObjectVersion version, Duration delay);
}

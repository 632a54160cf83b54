package io.github.clarifais3sync.local.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;

/** Collects the S3 notifications of one bucket and parses them the way a Lambda handler's tests would. */
final class S3EventCapture {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final LocalAws aws;
    private final LinkedBlockingQueue<S3Notification> notifications = new LinkedBlockingQueue<>();

    S3EventCapture(LocalAws aws, String bucket) {
        this.aws = aws;
        aws.onS3Event(notification -> {
            if (notification.bucket().equals(bucket)) {
                notifications.add(notification);
            }
        });
    }

    /** The notifications delivered so far, in delivery order; the gateway is drained first. */
    List<S3Notification> drain() {
        try {
            aws.gateway().awaitS3Events(WAIT);
        } catch (InterruptedException | TimeoutException e) {
            fail("S3 notifications not delivered: " + e);
        }
        List<S3Notification> drained = new ArrayList<>();
        notifications.drainTo(drained);
        return drained;
    }

    S3Notification single() {
        List<S3Notification> drained = drain();
        assertEquals(1, drained.size(), () -> "notifications: " + drained);
        return drained.getFirst();
    }

    /** Parses the rendered JSON through aws-lambda-java-tests' EventLoader into aws-lambda-java-events' S3Event. */
    static S3EventNotificationRecord parse(S3Notification notification, Path directory) {
        try {
            Path file = Files.createTempFile(directory, "s3-event-", ".json");
            Files.writeString(file, notification.json());
            S3Event event = EventLoader.loadS3Event(file.toString());
            assertNotNull(event, "EventLoader returned null");
            assertEquals(1, event.getRecords().size());
            return event.getRecords().getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

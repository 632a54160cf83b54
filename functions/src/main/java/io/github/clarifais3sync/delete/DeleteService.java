package io.github.clarifais3sync.delete;

import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.model.S3Records;
import io.github.clarifais3sync.sync.StaleInputs;
import java.time.Clock;
import java.util.List;

/**
 * Handles S3 ObjectRemoved records ({@code Delete}, and {@code DeleteMarkerCreated} in versioned buckets): every
 * version of the key older than the removal — by S3's {@code sequencer}, which orders events per key — loses its
 * input. A removal that arrives before the upload of the version it removes is recorded as the key's newest event,
 * and the upload then skips that version; a removal older than the key's newest creation removes only what came
 * before it, so events out of order still end right.
 */
public final class DeleteService {

    /** What one invocation did. */
    public record DeleteReport(int records, int inputsDeleted) {
    }

    private final Ledger ledger;
    private final StaleInputs staleInputs;
    private final Clock clock;

    public DeleteService(Ledger ledger, StaleInputs staleInputs, Clock clock) {
        this.ledger = ledger;
        this.staleInputs = staleInputs;
        this.clock = clock;
    }

    public DeleteReport delete(List<S3EventNotificationRecord> records, Deadline deadline) {
        int deleted = 0;
        int handled = 0;
        for (S3EventNotificationRecord record : records) {
            if (record.getEventName() == null || !record.getEventName().startsWith("ObjectRemoved")) {
                Log.info("delete.skipped", "eventName", record.getEventName());
                continue;
            }
            ObjectVersion removal = S3Records.version(record);
            boolean newest = ledger.recordRemoved(removal.bucket(), removal.key(), removal.sequencer(),
                    clock.instant());
            int count = staleInputs.retire(removal.bucket(), removal.key(), removal.sequencer(),
                    "object removed (" + record.getEventName() + ")", deadline);
            deleted += count;
            handled++;
            Log.info("delete.done", "bucket", removal.bucket(), "key", removal.key(), "sequencer",
                    removal.sequencer(), "newestEvent", newest, "inputsDeleted", count);
        }
        return new DeleteReport(handled, deleted);
    }
}

package io.github.clarifais3sync.delete;

import io.github.clarifais3sync.events.ObjectEvent;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.sync.StaleInputs;
import java.time.Clock;
import java.util.List;

/**
 * Handles S3 removals: {@code ObjectRemoved:Delete} and {@code :DeleteMarkerCreated}, and lifecycle expirations
 * ({@code LifecycleExpiration:*}, which S3 reports instead of ObjectRemoved); over EventBridge, {@code Object Deleted}
 * with its {@code deletion-type}. A removal of the object — a delete in an
 * unversioned bucket, or a delete marker — retires every version of the key older than it by S3's
 * {@code sequencer}, which orders events per key; it is also recorded as the key's newest event, so an upload of an
 * older version that arrives later skips it, and a removal older than the key's newest creation removes only what
 * came before it. A permanent delete of one version in a versioned bucket ({@code Delete} with a {@code versionId})
 * retires that version only: the object's other versions stay.
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html)
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

    public DeleteReport delete(List<ObjectEvent> events, Deadline deadline) {
        int deleted = 0;
        int handled = 0;
        for (ObjectEvent event : events) {
            if (event.kind() != ObjectEvent.Kind.REMOVED) {
                Log.info("delete.skipped", "bucket", event.bucket(), "key", event.key(), "eventName", event.name());
                continue;
            }
            ObjectVersion removal = event.version();
            String reason = "object removed (" + event.name() + ")";
            boolean oneVersion = event.removesOneVersion();
            boolean newest = !oneVersion
                    && ledger.recordRemoved(removal.bucket(), removal.key(), removal.sequencer(), clock.instant());
            int count = oneVersion
                    ? staleInputs.retireVersion(removal.bucket(), removal.key(), removal.versionId(), reason, deadline)
                    : staleInputs.retireOlderThan(removal.bucket(), removal.key(), removal.sequencer(), reason,
                            deadline);
            deleted += count;
            handled++;
            Log.info("delete.done", "bucket", removal.bucket(), "key", removal.key(), "versionId",
                    removal.versionId(), "sequencer", removal.sequencer(), "newestEvent", newest, "inputsDeleted",
                    count);
        }
        return new DeleteReport(handled, deleted);
    }
}

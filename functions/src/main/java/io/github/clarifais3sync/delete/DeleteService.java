package io.github.clarifais3sync.delete;

import io.github.clarifais3sync.batch.MessageOutcome;
import io.github.clarifais3sync.batch.Outcome;
import io.github.clarifais3sync.batch.SqsMessage;
import io.github.clarifais3sync.events.ObjectEvent;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.sync.StaleInputs;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    public record DeleteReport(int records, int inputsDeleted) {}

    private final Ledger ledger;
    private final StaleInputs staleInputs;
    private final Clock clock;

    public DeleteService(Ledger ledger, StaleInputs staleInputs, Clock clock) {
        this.ledger = ledger;
        this.staleInputs = staleInputs;
        this.clock = clock;
    }

    /**
     * Removals as S3 reports them: tells the ledger of each ({@link #recordRemoved}), then retires what they removed
     * in shared DELETE requests ({@link #retire}).
     *
     * @throws RuntimeException the first refusal, once every removal was tried; the event is then retried whole,
     *                          which is safe because what was retired is marked deleted
     */
    public DeleteReport delete(List<ObjectEvent> events, Deadline deadline) {
        List<ObjectEvent> removals = new ArrayList<>();
        for (ObjectEvent event : events) {
            if (event.kind() != ObjectEvent.Kind.REMOVED) {
                Log.info("delete.skipped", "bucket", event.bucket(), "key", event.key(), "eventName", event.name());
                continue;
            }
            recordRemoved(event);
            removals.add(event);
        }
        int deleted = 0;
        RuntimeException failure = null;
        for (StaleInputs.Retired retired : retire(removals, deadline)) {
            deleted += retired.inputsDeleted();
            failure = failure == null ? retired.failure() : failure;
        }
        if (failure != null) {
            throw failure;
        }
        return new DeleteReport(removals.size(), deleted);
    }

    /**
     * A batch from the removals queue: each message is one removal the events seam already recorded in the ledger.
     * Retires them all ({@link #retire}); a removal whose inputs a refused request carried comes back, the others are
     * done. A body that is not a removal comes back too, and after the queue's receives ends on its dead-letter
     * queue.
     */
    public List<MessageOutcome> drain(List<SqsMessage> messages, Deadline deadline) {
        List<ObjectEvent> removals = new ArrayList<>();
        List<SqsMessage> read = new ArrayList<>();
        Map<String, Outcome> outcomes = new HashMap<>();
        for (SqsMessage message : messages) {
            try {
                ObjectEvent removal = Json.MAPPER.readValue(message.body(), ObjectEvent.class);
                if (removal.kind() != ObjectEvent.Kind.REMOVED) {
                    throw new IllegalArgumentException("not a removal: " + removal.kind());
                }
                removals.add(removal);
                read.add(message);
            } catch (Exception malformed) {
                Log.error("delete.poison-message", "messageId", message.messageId(), "error", malformed.toString());
                outcomes.put(message.messageId(), Outcome.retry("malformed removal message"));
            }
        }
        List<StaleInputs.Retired> retired = retire(removals, deadline);
        for (int i = 0; i < read.size(); i++) {
            StaleInputs.Retired result = retired.get(i);
            outcomes.put(
                    read.get(i).messageId(),
                    result.succeeded()
                            ? Outcome.done(result.inputsDeleted() + " inputs deleted")
                            : Outcome.retry(
                                    "delete refused: " + result.failure().getMessage()));
        }
        return messages.stream()
                .map(message -> new MessageOutcome(message, outcomes.get(message.messageId())))
                .toList();
    }

    /**
     * Records a removal of the whole object (an unversioned delete or a delete marker) as its key's newest event, so
     * an upload of an older version that arrives later skips it; a permanent delete of one version records nothing.
     * Returns whether it was the key's newest event.
     */
    public boolean recordRemoved(ObjectEvent removal) {
        return !removal.removesOneVersion()
                && ledger.recordRemoved(removal.bucket(), removal.key(), removal.sequencer(), clock.instant());
    }

    /**
     * Retires what each removal removed, the ledger already told of it: every version of the key older than the
     * removal, or the one version a versioned delete names. Their inputs share DELETE requests of at most 128 ids; a
     * key the ledger never saw costs no request. One result per removal, in order.
     */
    public List<StaleInputs.Retired> retire(List<ObjectEvent> removals, Deadline deadline) {
        List<StaleInputs.Retirement> retirements = new ArrayList<>();
        for (ObjectEvent removal : removals) {
            String reason = "object removed (" + removal.name() + ")";
            retirements.add(
                    removal.removesOneVersion()
                            ? StaleInputs.Retirement.version(
                                    removal.bucket(), removal.key(), removal.versionId(), reason)
                            : StaleInputs.Retirement.olderThan(
                                    removal.bucket(), removal.key(), removal.sequencer(), null, reason));
        }
        List<StaleInputs.Retired> results = staleInputs.retireAll(retirements, deadline);
        for (int i = 0; i < removals.size(); i++) {
            ObjectEvent removal = removals.get(i);
            StaleInputs.Retired retired = results.get(i);
            Log.info(
                    retired.succeeded() ? "delete.done" : "delete.refused",
                    "bucket",
                    removal.bucket(),
                    "key",
                    removal.key(),
                    "versionId",
                    removal.versionId(),
                    "sequencer",
                    removal.sequencer(),
                    "inputsDeleted",
                    retired.inputsDeleted(),
                    "error",
                    retired.succeeded() ? null : retired.failure().toString());
        }
        return results;
    }
}

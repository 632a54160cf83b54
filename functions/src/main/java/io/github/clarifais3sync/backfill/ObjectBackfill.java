package io.github.clarifais3sync.backfill;

import io.github.clarifais3sync.enqueue.EnqueueService;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.model.KeyFilter;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.storage.ObjectStore;
import io.github.clarifais3sync.storage.StoredObject;
import java.util.List;
import java.util.Optional;

/**
 * The backfill of one object named by someone else's listing (an S3 Batch Operations manifest): the same decision
 * as {@link BackfillService} for a listed object, with size and eTag read by HeadObject because a manifest carries
 * only bucket, key and versionId.
 */
public final class ObjectBackfill {

    /** What happened to one object; {@code queued} true when it entered the pipeline. */
    public record Outcome(boolean queued, String description) {}

    private final ObjectStore store;
    private final Ledger ledger;
    private final EnqueueService pipeline;
    private final KeyFilter keys;

    public ObjectBackfill(ObjectStore store, Ledger ledger, EnqueueService pipeline, KeyFilter keys) {
        this.store = store;
        this.ledger = ledger;
        this.pipeline = pipeline;
        this.keys = keys;
    }

    /** @param versionId null for the current version of an unversioned object */
    public Outcome backfill(String bucket, String key, String versionId) {
        String rejection = keys.rejection(key);
        if (rejection != null) {
            return new Outcome(false, "skipped: " + rejection);
        }
        if (ledger.head(bucket, key).isPresent()) {
            return new Outcome(false, "already known: an event or an earlier backfill handled the key");
        }
        Optional<StoredObject> object = store.head(bucket, key, versionId);
        if (object.isEmpty()) {
            return new Outcome(false, "skipped: no longer in the bucket");
        }
        String sizeProblem = KeyFilter.sizeProblem(object.get().size());
        if (sizeProblem != null) {
            return new Outcome(false, "skipped: " + sizeProblem);
        }
        String current = object.get().versionId();
        ObjectVersion version = ObjectVersion.of(
                bucket,
                key,
                object.get().size(),
                object.get().eTag(),
                current == null || current.isEmpty() || current.equals("null") ? null : current,
                null,
                null);
        pipeline.queue(List.of(version));
        return new Outcome(true, "queued as input " + version.inputId());
    }
}

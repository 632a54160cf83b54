package io.github.clarifais3sync.backfill;

import io.github.clarifais3sync.enqueue.EnqueueService;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.logging.Log;
import io.github.clarifais3sync.model.KeyFilter;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.storage.ObjectListing;
import io.github.clarifais3sync.storage.ObjectListing.ListedObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Indexes what is already in a bucket: lists the current version of every key under the include prefixes and hands
 * each image the ledger does not know yet to the pipeline through {@link EnqueueService#queue}, the path events take.
 * <p>
 * A listing has no {@code sequencer}, so a listed version enters with an empty one, which orders before any real
 * sequencer: an S3 event always wins. A key whose ledger head exists (any event or earlier listing was seen) is not
 * queued again; a listed version queued just before a racing event is skipped at upload (the head is newer) or
 * retired by the event's upload or delete. Input ids come from the versionId in a versioned bucket (the id the
 * event's version gets too) and from the eTag otherwise ({@link io.github.clarifais3sync.model.InputIds}), so running
 * twice finds the same ids and queues nothing. Adds are paced by the upload queue and the upload function's
 * concurrency, as for events.
 * <p>
 * After each listed page the position is saved ({@link Checkpoints}), so a run stopped by Ctrl-C, a crash or a Lambda
 * timeout continues after the last handled key.
 */
public final class BackfillService {

    /** What a run has counted so far. {@code toAdd}: images handed to the pipeline (dry run: that would be). */
    public record Counts(long objectsSeen, long images, long alreadyKnown, long toAdd) {
        public static final Counts ZERO = new Counts(0, 0, 0, 0);

        Counts plus(long seen, long images, long known, long add) {
            return new Counts(objectsSeen + seen, this.images + images, alreadyKnown + known, toAdd + add);
        }
    }

    /**
     * @param dryRun       count only: nothing is queued and no checkpoint written
     * @param addBatchSize inputs per add request (the upload queue's batch size), for the estimate
     */
    public record Options(boolean dryRun, int addBatchSize) {}

    /** A run's outcome; {@code completed} false when it was stopped and can be resumed. */
    public record Report(
            String bucket,
            List<String> prefixes,
            boolean versioned,
            Counts counts,
            long addRequests,
            boolean completed,
            boolean resumed,
            boolean dryRun) {}

    /** Told after every listed page. */
    public interface Progress {
        void update(Counts soFar, String lastKey);
    }

    private final ObjectListing listing;
    private final Ledger ledger;
    private final EnqueueService pipeline;
    private final Checkpoints checkpoints;
    private final KeyFilter keys;

    public BackfillService(
            ObjectListing listing, Ledger ledger, EnqueueService pipeline, Checkpoints checkpoints, KeyFilter keys) {
        this.listing = listing;
        this.ledger = ledger;
        this.pipeline = pipeline;
        this.checkpoints = checkpoints;
        this.keys = keys;
    }

    /**
     * @param stop checked after every page; true ends the run at a checkpoint
     * @throws ObjectListing.ListingException when the bucket does not exist or cannot be listed
     */
    public Report run(String bucket, Options options, Progress progress, BooleanSupplier stop) {
        boolean versioned = listing.versioned(bucket);
        List<String> prefixes = listedPrefixes();
        String scope = scope();
        Optional<Checkpoints.Checkpoint> checkpoint =
                options.dryRun() ? Optional.empty() : checkpoints.load(bucket, scope);
        AtomicReference<Counts> counts = new AtomicReference<>(
                checkpoint.map(Checkpoints.Checkpoint::counts).orElse(Counts.ZERO));
        int first = checkpoint.map(Checkpoints.Checkpoint::prefixIndex).orElse(0);
        checkpoint.ifPresent(c -> Log.debug(
                "backfill.resumed",
                "bucket",
                bucket,
                "prefix",
                prefixes.get(Math.min(c.prefixIndex(), prefixes.size() - 1)),
                "afterKey",
                c.lastKey(),
                "objectsSeen",
                c.counts().objectsSeen()));
        AtomicBoolean stopped = new AtomicBoolean();
        for (int i = first; i < prefixes.size() && !stopped.get(); i++) {
            int prefixIndex = i;
            String startAfter =
                    i == first ? checkpoint.map(Checkpoints.Checkpoint::lastKey).orElse(null) : null;
            listing.list(bucket, prefixes.get(i), startAfter, versioned, page -> {
                Counts now = counts.updateAndGet(c -> handle(bucket, page.objects(), options.dryRun(), c));
                String lastKey = page.objects().isEmpty()
                        ? null
                        : page.objects().get(page.objects().size() - 1).key();
                if (!options.dryRun() && lastKey != null) {
                    checkpoints.save(bucket, scope, new Checkpoints.Checkpoint(prefixIndex, lastKey, now));
                }
                progress.update(now, lastKey);
                if (stop.getAsBoolean()) {
                    stopped.set(true);
                    return false;
                }
                return true;
            });
        }
        if (!stopped.get() && !options.dryRun()) {
            checkpoints.clear(bucket, scope);
        }
        Counts total = counts.get();
        long requests = (total.toAdd() + options.addBatchSize() - 1) / options.addBatchSize();
        Log.debug(
                "backfill.done",
                "bucket",
                bucket,
                "completed",
                !stopped.get(),
                "dryRun",
                options.dryRun(),
                "objectsSeen",
                total.objectsSeen(),
                "images",
                total.images(),
                "alreadyKnown",
                total.alreadyKnown(),
                "toAdd",
                total.toAdd(),
                "addRequests",
                requests);
        return new Report(
                bucket, prefixes, versioned, total, requests, !stopped.get(), checkpoint.isPresent(), options.dryRun());
    }

    /**
     * Counts the objects a run lists, by listing alone (one ListObjectsV2 request per 1,000 keys, no ledger lookups),
     * so progress can show a total and an ETA: it runs beside the backfill and ends long before it.
     *
     * @return the count, or -1 when {@code stop} ended it first
     */
    public long countListed(String bucket, BooleanSupplier stop) {
        boolean versioned = listing.versioned(bucket);
        long count = 0;
        for (String prefix : listedPrefixes()) {
            AtomicLong seen = new AtomicLong();
            listing.list(bucket, prefix, null, versioned, page -> {
                seen.addAndGet(page.objects().size());
                return !stop.getAsBoolean();
            });
            if (stop.getAsBoolean()) {
                return -1;
            }
            count += seen.get();
        }
        return count;
    }

    /** The objects an interrupted run already listed, which the next run skips (0 when there is no checkpoint). */
    public long objectsBeforeCheckpoint(String bucket) {
        return checkpoints
                .load(bucket, scope())
                .map(c -> c.counts().objectsSeen())
                .orElse(0L);
    }

    /** Drops the checkpoint an interrupted run left, so the next run starts from the beginning. */
    public void forget(String bucket) {
        checkpoints.clear(bucket, scope());
    }

    private Counts handle(String bucket, List<ListedObject> objects, boolean dryRun, Counts before) {
        long images = 0;
        long known = 0;
        List<ObjectVersion> add = new ArrayList<>();
        // Listing under an include prefix can still meet excluded keys and non-images.
        List<ListedObject> candidates =
                objects.stream().filter(o -> keys.syncs(o.key(), o.size())).toList();
        // One lookup for the page (a listing page holds up to 1,000 keys), not one request per key.
        Set<String> withHead = ledger.keysWithHead(
                bucket, candidates.stream().map(ListedObject::key).toList());
        for (ListedObject object : candidates) {
            images++;
            if (withHead.contains(object.key())) {
                known++;
                continue;
            }
            add.add(ObjectVersion.of(
                    bucket,
                    object.key(),
                    object.size(),
                    object.eTag(),
                    object.versionId(),
                    null,
                    object.lastModified()));
        }
        if (!dryRun && !add.isEmpty()) {
            pipeline.queue(add);
        }
        return before.plus(objects.size(), images, known, add.size());
    }

    /** The include prefixes, without those inside another (listed already); the whole bucket when there are none. */
    private List<String> listedPrefixes() {
        if (keys.includePrefixes().isEmpty()) {
            return List.of("");
        }
        List<String> kept = new ArrayList<>();
        for (String prefix : new TreeSet<>(keys.includePrefixes())) {
            if (kept.stream().noneMatch(prefix::startsWith)) {
                kept.add(prefix);
            }
        }
        return kept;
    }

    /** What a checkpoint belongs to: a run with other prefixes or suffixes starts afresh. */
    private String scope() {
        return "include=" + String.join(",", keys.includePrefixes()) + ";exclude="
                + String.join(",", keys.excludePrefixes()) + ";suffixes=" + String.join(",", keys.imageSuffixes());
    }
}

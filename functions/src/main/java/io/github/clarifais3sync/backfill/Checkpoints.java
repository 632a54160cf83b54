package io.github.clarifais3sync.backfill;

import java.util.Optional;

/** Where a backfill stopped, kept durably so an interrupted run continues there instead of from the start. */
public interface Checkpoints {

    /**
     * How far a backfill got: every key up to and including {@code lastKey} under include prefix number
     * {@code prefixIndex} (and all earlier prefixes) was handled; the counts are the run's totals so far.
     */
    record Checkpoint(int prefixIndex, String lastKey, BackfillService.Counts counts) {}

    Optional<Checkpoint> load(String bucket, String scope);

    void save(String bucket, String scope, Checkpoint checkpoint);

    /** The run finished: the next run starts from the beginning. */
    void clear(String bucket, String scope);
}

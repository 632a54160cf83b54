package io.github.clarifais3sync.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Runs one independent step per item on virtual threads, at most {@code limit} at a time, and returns the results in
 * the items' order. The functions' per-object steps are network round trips (the upload function's ledger reads and
 * writes, S3 HEAD and reads; the ledger writes of a backfill page of 1,000 listed keys); run one after another, they
 * dominate a batch's time.
 */
public final class BoundedParallel {

    private final int limit;

    public BoundedParallel(int limit) {
        this.limit = Math.max(1, limit);
    }

    /** Applies {@code step} to every item; a step's unchecked exception is rethrown once all steps ended. */
    public <T, R> List<R> map(List<T> items, Function<T, R> step) {
        if (limit == 1 || items.size() <= 1) {
            return items.stream().map(step).toList();
        }
        Semaphore permits = new Semaphore(limit);
        List<Future<R>> futures = new ArrayList<>(items.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (T item : items) {
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return step.apply(item);
                    } finally {
                        permits.release();
                    }
                }));
            }
        }
        List<R> results = new ArrayList<>(items.size());
        for (Future<R> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException failed) {
                if (failed.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(failed.getCause());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for parallel steps", interrupted);
            }
        }
        return results;
    }
}

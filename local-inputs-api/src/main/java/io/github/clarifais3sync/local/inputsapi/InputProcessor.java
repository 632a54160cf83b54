package io.github.clarifais3sync.local.inputsapi;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The service's background work, off the request threads: an added input is 30001 pending, then 30003 in progress while
 * its bytes are fetched and checked, then 30000 or a failure code
 * (https://docs.clarifai.com/create-manage/inputs/upload, docs/clarifai-api-notes.md#deletes); deletes take effect
 * after a delay (docs/clarifai-api-notes.md#deletes).
 */
final class InputProcessor implements AutoCloseable {
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Duration processingDelay;
    private final Duration deleteDelay;
    private final ImageFetcher fetcher;
    private final ImageInspector inspector;
    private final InstantSource clock;

    InputProcessor(
            Duration processingDelay,
            Duration deleteDelay,
            ImageFetcher fetcher,
            ImageInspector inspector,
            InstantSource clock) {
        this.processingDelay = processingDelay;
        this.deleteDelay = deleteDelay;
        this.fetcher = fetcher;
        this.inspector = inspector;
        this.clock = clock;
    }

    void process(AppInputs app, StoredInput input) {
        workers.execute(() -> run(app, input));
    }

    void deleteLater(AppInputs app, List<StoredInput> inputs) {
        workers.execute(() -> {
            if (pause(deleteDelay)) {
                synchronized (app) {
                    inputs.forEach(app::remove);
                }
            }
        });
    }

    private void run(AppInputs app, StoredInput input) {
        Duration half = processingDelay.dividedBy(2);
        if (!pause(half)) {
            return;
        }
        byte[] bytes;
        synchronized (app) {
            if (app.get(input.id) != input) {
                return;
            }
            input.status = StatusCode.INPUT_IN_PROGRESS;
            bytes = input.pendingBytes;
        }
        ProcessingResult result = result(input.url, bytes);
        if (!pause(processingDelay.minus(half))) {
            return;
        }
        synchronized (app) {
            input.pendingBytes = null;
            input.result = result;
            input.status = result.code();
            input.modifiedAt = clock.instant();
        }
    }

    /** Whatever goes wrong, a final status: an input is never left in progress. */
    private ProcessingResult result(String url, byte[] bytes) {
        try {
            if (bytes != null) {
                return inspector.inspect(bytes);
            }
            ImageFetcher.Download download = fetcher.fetch(url);
            return download.failure() != null ? download.failure() : inspector.inspect(download.bytes());
        } catch (RuntimeException | OutOfMemoryError e) {
            return ProcessingResult.failure(StatusCode.INPUT_FAILED, "Processing failed: " + e);
        }
    }

    /** @return false when interrupted by {@link #close()} */
    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        fetcher.close();
    }
}

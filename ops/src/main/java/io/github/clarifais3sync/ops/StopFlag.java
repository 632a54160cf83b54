package io.github.clarifais3sync.ops;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C for long commands: the first SIGINT/SIGTERM sets the flag, loops check it between pages and stop where a
 * re-run picks up safely; the JVM waits (up to {@link #GRACE}) for the command to say it has stopped. The process then
 * exits with the signal's status (130 for SIGINT, 143 for SIGTERM), not the command's: once a signal has started the
 * JVM's shutdown, {@link Runtime#exit} no longer sets the status. Each command's
 * work is idempotent, so stopping anywhere loses nothing.
 */
public final class StopFlag {

    /** How long the JVM's shutdown waits for the running command to reach a safe point. */
    static final long GRACE = 10;

    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);

    /** A flag that is never set by a signal (tests, and commands run in-process). */
    public static StopFlag manual() {
        return new StopFlag();
    }

    /** A flag set by Ctrl-C (the JVM's shutdown hook). */
    public static StopFlag onInterrupt() {
        StopFlag flag = new StopFlag();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            flag.stopped.set(true);
                            try {
                                flag.finished.await(GRACE, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "clarifai-sync-stop"));
        return flag;
    }

    public void stop() {
        stopped.set(true);
    }

    public boolean stopped() {
        return stopped.get();
    }

    /** The command reached its end (or a safe point after a stop); lets the shutdown proceed. */
    public void finished() {
        finished.countDown();
    }
}

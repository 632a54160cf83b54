package io.github.clarifais3sync.ops;

import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Progress of a long command on standard error: on a terminal a bar redrawn in place with count, rate and ETA; on
 * anything else (a pipe, a CI log) one plain line every {@link #PLAIN_EVERY}. Standard output stays for results.
 */
public final class Progress implements AutoCloseable {

    static final Duration PLAIN_EVERY = Duration.ofSeconds(10);
    private static final long REDRAW_NANOS = Duration.ofMillis(200).toNanos();
    private static final int BAR = 30;

    private final String label;
    private volatile long total;
    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private final long startedAt;
    private final AtomicLong done = new AtomicLong();
    private long lastShownAt;
    private boolean closed;

    Progress(String label, long total, PrintStream out, boolean terminal, LongSupplier nanoTime) {
        this.label = label;
        this.total = total;
        this.out = out;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
        this.startedAt = nanoTime.getAsLong();
        this.lastShownAt = startedAt;
    }

    /** A reporter for {@code total} items (negative when unknown), bar or lines as standard error allows. */
    public static Progress start(String label, long total) {
        return new Progress(label, total, System.err, isTerminal(), System::nanoTime);
    }

    /** Whether the process talks to a terminal: {@link Console#isTerminal()} from JDK 22, else a console at all. */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException beforeJdk22) {
            return true;
        }
    }

    public void advance(long items) {
        long now = done.addAndGet(items);
        long time = nanoTime.getAsLong();
        synchronized (this) {
            if (closed) {
                return;
            }
            long every = terminal ? REDRAW_NANOS : PLAIN_EVERY.toNanos();
            if (time - lastShownAt >= every) {
                lastShownAt = time;
                show(now, time, false);
            }
        }
    }

    /** The total, once known later (a count running beside the work): the bar and the ETA show from then on. */
    public void total(long total) {
        this.total = total;
    }

    public long done() {
        return done.get();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            show(done.get(), nanoTime.getAsLong(), true);
        }
    }

    /** What the reporter shows for {@code count} items after {@code elapsedNanos}; no bar. */
    String line(long count, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos, 1) / 1e9;
        double rate = count / seconds;
        StringBuilder text = new StringBuilder(label).append(": ").append(String.format(Locale.ROOT, "%,d", count));
        long total = this.total;
        if (total >= 0) {
            text.append('/').append(String.format(Locale.ROOT, "%,d", total));
        }
        text.append(String.format(Locale.ROOT, "  %,.0f/s  %s elapsed", rate, clock(Math.round(seconds))));
        if (total > 0 && count < total && rate > 0) {
            text.append("  ETA ").append(clock(Math.round((total - count) / rate)));
        }
        return text.toString();
    }

    private void show(long count, long time, boolean last) {
        String text = line(count, time - startedAt);
        if (terminal) {
            long total = this.total;
            String bar = "";
            if (total > 0) {
                int filled = (int) Math.min(BAR, count * BAR / total);
                bar = "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] ";
            }
            out.print("\r\u001b[2K" + bar + text + (last ? "\n" : ""));
        } else {
            out.println(text);
        }
        out.flush();
    }

    private static String clock(long seconds) {
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}

package io.github.clarifais3sync.offline.monitor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Standard output as the offline stack's functions see it: everything still reaches the stream that was there
 * before, and every complete line is also handed to a listener. Lambda's Java runtime likewise swaps
 * {@code System.out} for its own pass-through stream (aws-lambda-java-runtime-interface-client, {@code AWSLambda});
 * CloudWatch Logs then reads the lines, and extracts metrics from those in the embedded metric format.
 */
public final class LineTee extends OutputStream {

    private final PrintStream previous;
    private final Consumer<String> listener;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final PrintStream installed;
    private volatile boolean listening = true;

    private LineTee(PrintStream previous, Consumer<String> listener) {
        this.previous = previous;
        this.listener = listener;
        this.installed = new PrintStream(this, true, StandardCharsets.UTF_8);
    }

    /** Wraps the current {@code System.out}; {@link #uninstall()} puts it back. */
    public static LineTee install(Consumer<String> listener) {
        synchronized (System.class) {
            LineTee tee = new LineTee(System.out, listener);
            System.setOut(tee.installed);
            return tee;
        }
    }

    @Override
    public synchronized void write(int b) {
        previous.write(b);
        take(b);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        previous.write(bytes, offset, length);
        for (int i = offset; i < offset + length; i++) {
            take(bytes[i]);
        }
    }

    private void take(int b) {
        if (b == '\n') {
            String complete = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (listening) {
                try {
                    listener.accept(complete.endsWith("\r") ? complete.substring(0, complete.length() - 1) : complete);
                } catch (RuntimeException e) {
                    previous.println("offline: a standard output listener failed: " + e);
                }
            }
        } else {
            line.write(b);
        }
    }

    @Override
    public void flush() throws IOException {
        previous.flush();
    }

    /**
     * Stops listening and, if {@code System.out} is still this tee, restores the stream it wrapped (a stream
     * installed later over it keeps working: this one then only passes bytes on).
     */
    public void uninstall() {
        listening = false;
        synchronized (System.class) {
            if (System.out == installed) {
                System.setOut(previous);
            }
        }
    }
}

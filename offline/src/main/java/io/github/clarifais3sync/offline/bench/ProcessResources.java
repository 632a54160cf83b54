package io.github.clarifais3sync.offline.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Samples, from Linux's /proc (https://man7.org/linux/man-pages/man5/proc.5.html), the open file descriptors of this
 * process and of its child processes (the emulators), and the loopback TCP sockets they own by state, keeping the peak
 * of each. {@code /proc/net/tcp} lists every socket of the network namespace; a socket is ours when one of our
 * descriptors links to its inode. TIME_WAIT sockets belong to no process any more and are counted namespace-wide.
 */
public final class ProcessResources implements AutoCloseable {

    /** One sample; {@code edgeCloseWait} counts CLOSE_WAIT sockets whose local port is the edge endpoint's. */
    record Sample(int ownFds, int childFds, int established, int closeWait, int timeWait, int edgeCloseWait) {
        Sample max(Sample other) {
            return new Sample(
                    Math.max(ownFds, other.ownFds),
                    Math.max(childFds, other.childFds),
                    Math.max(established, other.established),
                    Math.max(closeWait, other.closeWait),
                    Math.max(timeWait, other.timeWait),
                    Math.max(edgeCloseWait, other.edgeCloseWait));
        }
    }

    private static final String ESTABLISHED = "01";
    private static final String TIME_WAIT = "06";
    private static final String CLOSE_WAIT = "08";

    private final int edgePort;
    private final long descriptorLimit = descriptorLimit();
    /** Opened up front and re-read from the start, so sampling goes on when the descriptor table is full. */
    private final List<FileChannel> tcpTables = openTcpTables();

    private final Thread sampler;
    private volatile boolean running = true;
    private volatile Sample peak = new Sample(0, 0, 0, 0, 0, 0);
    private volatile Sample last = peak;

    private ProcessResources(int edgePort, long periodMillis) {
        this.edgePort = edgePort;
        this.sampler = Thread.ofPlatform().daemon().name("resource-sampler").start(() -> {
            while (running) {
                Sample sample = sample();
                last = sample;
                peak = peak.max(sample);
                try {
                    TimeUnit.MILLISECONDS.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** The 1, 5 and 15 minute load averages from /proc/loadavg ("unknown" off Linux): printed beside figures. */
    public static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException unavailable) {
            return "unknown";
        }
    }

    static boolean supported() {
        return Files.isDirectory(Path.of("/proc/self/fd")) && Files.isReadable(Path.of("/proc/net/tcp"));
    }

    static ProcessResources start(int edgePort) {
        return new ProcessResources(edgePort, 250);
    }

    Sample peak() {
        return peak;
    }

    Sample last() {
        return last;
    }

    Sample sample() {
        Set<String> inodes = new HashSet<>();
        int own = descriptors(ProcessHandle.current().pid(), inodes);
        boolean full = own < 0;
        if (full) {
            // Listing /proc/self/fd needs a descriptor itself: the table is full, and every socket of the
            // namespace is counted as ours.
            own = (int) descriptorLimit;
        }
        int children = ProcessHandle.current()
                .descendants()
                .mapToInt(child -> Math.max(0, descriptors(child.pid(), inodes)))
                .sum();
        int established = 0;
        int closeWait = 0;
        int timeWait = 0;
        int edgeCloseWait = 0;
        for (FileChannel table : tcpTables) {
            List<String> lines;
            try {
                lines = readFromStart(table);
            } catch (IOException e) {
                continue;
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] columns = line.trim().split("\\s+");
                if (columns.length < 10) {
                    continue;
                }
                String state = columns[3];
                if (TIME_WAIT.equals(state)) {
                    timeWait++;
                    continue;
                }
                if (!full && !inodes.contains(columns[9])) {
                    continue;
                }
                if (ESTABLISHED.equals(state)) {
                    established++;
                } else if (CLOSE_WAIT.equals(state)) {
                    closeWait++;
                    String local = columns[1];
                    if (Integer.parseInt(local.substring(local.indexOf(':') + 1), 16) == edgePort) {
                        edgeCloseWait++;
                    }
                }
            }
        }
        return new Sample(own, children, established, closeWait, timeWait, edgeCloseWait);
    }

    private static List<String> readFromStart(FileChannel channel) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        long position = 0;
        for (int read = channel.read(buffer, position); read > 0; read = channel.read(buffer, position)) {
            text.write(buffer.array(), 0, read);
            position += read;
            buffer.clear();
        }
        return text.toString(StandardCharsets.US_ASCII).lines().toList();
    }

    private static List<FileChannel> openTcpTables() {
        List<FileChannel> channels = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                channels.add(FileChannel.open(Path.of(table), StandardOpenOption.READ));
            } catch (IOException e) {
                // No IPv6 table on this machine.
            }
        }
        return channels;
    }

    /** The soft limit on open descriptors ("Max open files" in /proc/self/limits), or -1. */
    private static long descriptorLimit() {
        try {
            return Files.readAllLines(Path.of("/proc/self/limits")).stream()
                    .filter(line -> line.startsWith("Max open files"))
                    .map(line ->
                            line.substring("Max open files".length()).trim().split("\\s+")[0])
                    .filter(value -> value.matches("\\d+"))
                    .mapToLong(Long::parseLong)
                    .findFirst()
                    .orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Counts the process's descriptors and adds the inodes of its sockets ({@code socket:[123]}) to {@code inodes};
     * -1 when the listing failed.
     */
    private static int descriptors(long pid, Set<String> inodes) {
        Path directory = Path.of("/proc", Long.toString(pid), "fd");
        int count = 0;
        try (Stream<Path> fds = Files.list(directory)) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                count++;
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // Closed between the listing and the read.
                }
            }
        } catch (IOException | RuntimeException e) {
            // The process ended, or the table ran out of descriptors for the listing itself.
            return -1;
        }
        return count;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join(2000);
        for (FileChannel table : tcpTables) {
            try {
                table.close();
            } catch (IOException ignored) {
                // Read-only /proc file.
            }
        }
    }
}

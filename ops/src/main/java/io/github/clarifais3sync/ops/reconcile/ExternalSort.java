package io.github.clarifais3sync.ops.reconcile;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Sorts more records than fit in memory: records are kept {@code chunk} at a time, each full chunk sorted and
 * written to a temporary file as lines, and the files merged back in order (a k-way merge reading one line of each
 * file at a time). Memory is bounded by the chunk size whatever the number of records.
 */
public final class ExternalSort<T> implements AutoCloseable {

    public interface Codec<T> {
        String encode(T record);

        T decode(String line);
    }

    private final Codec<T> codec;
    private final Comparator<T> order;
    private final int chunk;
    private final Path directory;
    private final List<T> buffer = new ArrayList<>();
    private final List<Path> runs = new ArrayList<>();
    private final List<BufferedReader> readers = new ArrayList<>();
    private long count;

    ExternalSort(Codec<T> codec, Comparator<T> order, int chunk, Path directory) {
        this.codec = codec;
        this.order = order;
        this.chunk = chunk;
        this.directory = directory;
    }

    public void add(T record) {
        buffer.add(record);
        count++;
        if (buffer.size() >= chunk) {
            spill();
        }
    }

    public long count() {
        return count;
    }

    /** Files written so far (0 when everything fitted in one chunk). */
    int runs() {
        return runs.size();
    }

    /** Every record added, in order; call once, after the last {@link #add}. */
    public Iterator<T> sorted() {
        if (runs.isEmpty()) {
            buffer.sort(order);
            List<T> all = List.copyOf(buffer);
            buffer.clear();
            return all.iterator();
        }
        if (!buffer.isEmpty()) {
            spill();
        }
        record Head<T>(T record, BufferedReader reader) {}
        PriorityQueue<Head<T>> heads = new PriorityQueue<>((a, b) -> order.compare(a.record(), b.record()));
        try {
            for (Path run : runs) {
                BufferedReader reader = Files.newBufferedReader(run, StandardCharsets.UTF_8);
                readers.add(reader);
                String line = reader.readLine();
                if (line != null) {
                    heads.add(new Head<>(codec.decode(line), reader));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public T next() {
                Head<T> head = heads.poll();
                if (head == null) {
                    throw new NoSuchElementException();
                }
                try {
                    String line = head.reader().readLine();
                    if (line != null) {
                        heads.add(new Head<>(codec.decode(line), head.reader()));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return head.record();
            }
        };
    }

    private void spill() {
        buffer.sort(order);
        try {
            Path run = Files.createTempFile(directory, "clarifai-sync-reconcile-", ".tsv");
            run.toFile().deleteOnExit();
            runs.add(run);
            try (BufferedWriter writer = Files.newBufferedWriter(run, StandardCharsets.UTF_8)) {
                for (T record : buffer) {
                    writer.write(codec.encode(record));
                    writer.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buffer.clear();
    }

    @Override
    public void close() {
        for (BufferedReader reader : readers) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // Deleting the file next is what matters.
            }
        }
        for (Path run : runs) {
            try {
                Files.deleteIfExists(run);
            } catch (IOException ignored) {
                // deleteOnExit catches what is left.
            }
        }
    }
}

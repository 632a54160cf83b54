package io.github.clarifais3sync.offline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Mirrors a local folder into the bucket: files added or changed are put, files removed are deleted, keys are the
 * paths relative to the folder with {@code /} separators. Polls once a second; hidden files are ignored. Owns the
 * S3 client it is given.
 */
final class FolderMirror implements AutoCloseable {

    private record Seen(long size, long modified) {}

    private final Path folder;
    private final S3Client s3;
    private final String bucket;
    private final Map<String, Seen> seen = new HashMap<>();
    private final Thread poller;
    private volatile boolean running = true;

    FolderMirror(Path folder, S3Client s3, String bucket) {
        this.folder = folder.toAbsolutePath();
        this.s3 = s3;
        this.bucket = bucket;
        this.poller = Thread.ofPlatform().daemon().name("folder-mirror").unstarted(this::poll);
    }

    void start() {
        poller.start();
    }

    private void poll() {
        while (running) {
            try {
                syncOnce();
            } catch (RuntimeException e) {
                Log.warn("mirror.failed", "folder", folder, "error", e.toString());
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void syncOnce() {
        Map<String, Seen> now = new HashMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith("."))
                    .forEach(file -> {
                        try {
                            now.put(
                                    folder.relativize(file).toString().replace('\\', '/'),
                                    new Seen(
                                            Files.size(file),
                                            Files.getLastModifiedTime(file).toMillis()));
                        } catch (IOException e) {
                            Log.debug("mirror.skipped", "file", file, "error", e.toString());
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        now.forEach((key, state) -> {
            if (!state.equals(seen.get(key))) {
                s3.putObject(request -> request.bucket(bucket).key(key), folder.resolve(key));
                Log.info("mirror.put", "bucket", bucket, "key", key, "size", state.size());
            }
        });
        seen.keySet().stream().filter(key -> !now.containsKey(key)).forEach(key -> {
            s3.deleteObject(request -> request.bucket(bucket).key(key));
            Log.info("mirror.delete", "bucket", bucket, "key", key);
        });
        seen.clear();
        seen.putAll(now);
    }

    @Override
    public void close() {
        running = false;
        poller.interrupt();
        s3.close();
    }
}

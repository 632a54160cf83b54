package io.github.clarifais3sync.offline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * Mirrors a local folder into the bucket: files added or changed are put, files removed are deleted, keys are the
 * paths relative to the folder with {@code /} separators. Polls once a second; hidden files are ignored. Owns the
 * S3 client it is given.
 */
final class FolderMirror implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FolderMirror.class);

    private record Seen(long size, long modified) {
    }

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
                LOG.warn("event=mirror_failed folder={} error=\"{}\"", folder, e.toString());
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
                            now.put(folder.relativize(file).toString().replace('\\', '/'),
                                    new Seen(Files.size(file), Files.getLastModifiedTime(file).toMillis()));
                        } catch (IOException e) {
                            LOG.debug("event=mirror_skip file={} error=\"{}\"", file, e.toString());
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        now.forEach((key, state) -> {
            if (!state.equals(seen.get(key))) {
                s3.putObject(request -> request.bucket(bucket).key(key), folder.resolve(key));
                LOG.info("event=mirror_put bucket={} key=\"{}\" size={}", bucket, key, state.size());
            }
        });
        seen.keySet().stream().filter(key -> !now.containsKey(key)).forEach(key -> {
            s3.deleteObject(request -> request.bucket(bucket).key(key));
            LOG.info("event=mirror_delete bucket={} key=\"{}\"", bucket, key);
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

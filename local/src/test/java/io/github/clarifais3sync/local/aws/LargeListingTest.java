package io.github.clarifais3sync.local.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Listing past one page (S3 returns at most 1,000 keys a page, https://docs.aws.amazon.com/AmazonS3/latest/API/
 * API_ListObjectsV2.html) through the offline stack's endpoint: 2,500 keys with spaces and non-ASCII characters come
 * back whole from ListObjectsV2 and ListObjectVersions, continuation tokens and key markers included.
 */
@ExtendWith(SharedLocalAws.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeListingTest {
    private static final int KEYS = 2500;

    private S3Client s3;
    private String bucket;
    private final Set<String> keys = new HashSet<>();

    @BeforeAll
    void putKeys(LocalAws aws) throws Exception {
        s3 = aws.s3Client();
        bucket = "listing-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(v -> v.bucket(bucket).versioningConfiguration(c -> c.status("Enabled")));
        for (int i = 0; i < KEYS; i++) {
            keys.add(String.format("fotos del día %02d/café crème %04d ü+(1).jpg", i % 7, i));
        }
        try (ExecutorService writers = Executors.newFixedThreadPool(4)) {
            List<Future<?>> puts = new ArrayList<>();
            for (String key : keys) {
                puts.add(writers.submit(() -> s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.empty())));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        }
    }

    @AfterAll
    void closeClient() {
        s3.close();
    }

    @Test
    void listObjectsV2ReturnsEveryKeyAcrossPages() {
        List<String> listed = new ArrayList<>();
        int pages = 0;
        for (var page : s3.listObjectsV2Paginator(l -> l.bucket(bucket))) {
            pages++;
            page.contents().stream().map(S3Object::key).forEach(listed::add);
        }

        assertEquals(3, pages);
        assertEquals(KEYS, listed.size());
        assertEquals(keys, new HashSet<>(listed));
    }

    @Test
    void listObjectVersionsReturnsEveryVersionAcrossPages() {
        List<String> listed = new ArrayList<>();
        int pages = 0;
        for (var page : s3.listObjectVersionsPaginator(l -> l.bucket(bucket))) {
            pages++;
            page.versions().stream().map(ObjectVersion::key).forEach(listed::add);
        }

        assertEquals(3, pages);
        assertEquals(KEYS, listed.size());
        assertEquals(keys, new HashSet<>(listed));
    }

    @Test
    void smallPagesWithAPrefixAndUrlEncodingStillAddUp() {
        List<String> listed = new ArrayList<>();
        for (var page : s3.listObjectsV2Paginator(
                l -> l.bucket(bucket).prefix("fotos del día 03/").maxKeys(100).encodingType("url"))) {
            page.contents().stream().map(S3Object::key).forEach(listed::add);
        }

        Set<String> expected = new HashSet<>();
        keys.stream().filter(key -> key.startsWith("fotos del día 03/")).forEach(expected::add);
        assertEquals(expected, new HashSet<>(listed));
    }
}

package io.github.clarifais3sync.ops.reconcile;

import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.LedgerEntry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test (runs only when asked): the reconcile merge itself on N synthetic keys, without emulators —
 * the ledger and app views fed in scrambled order through the external sort, the bucket listing generated in key
 * order, 1 % missing and 1 % orphans. Prints the time and the peak of used heap (sampled every 20 ms); run it with a
 * small heap to show the merge's memory does not grow with N:
 *
 * <pre>
 *   ./mvnw -B -q -ntp -pl ops -am verify -Dtest=ReconcileCoreBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *       -Dreconcile.core.bench.objects=1000000 -DargLine=-Xmx64m
 * </pre>
 */
@EnabledIfSystemProperty(named = "reconcile.core.bench.objects", matches = "\\d+")
class ReconcileCoreBenchmark {

    private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void merge(@TempDir Path temp) throws Exception {
        int n = Integer.parseInt(System.getProperty("reconcile.core.bench.objects"));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long start = System.nanoTime();
        Map<Finding.Kind, Long> counts = new EnumMap<>(Finding.Kind.class);
        long keys;
        try (ExternalSort<LedgerEntry> ledger =
                        new ExternalSort<>(Codecs.LEDGER, Codecs.LEDGER_ORDER, Views.CHUNK, temp);
                ExternalSort<AppInput> app = new ExternalSort<>(Codecs.INPUT, Codecs.INPUT_ORDER, Views.CHUNK, temp)) {
            for (int j = 0; j < n; j++) {
                int i = scrambled(j, n);
                ledger.add(new LedgerEntry(
                        "bucket",
                        key(i),
                        id(i),
                        null,
                        "etag",
                        1234,
                        "",
                        InputState.INDEXED,
                        30000,
                        "Download complete",
                        1,
                        T,
                        T,
                        T,
                        null));
                if (i % 100 != 2) {
                    app.add(new AppInput(key(i), id(i), "etag", 30000));
                }
            }
            long sorted = System.nanoTime();
            Iterator<BucketObject> objects = new Iterator<>() {
                private int i = next(0);

                private int next(int from) {
                    return from % 100 == 1 ? from + 1 : from;
                }

                @Override
                public boolean hasNext() {
                    return i < n;
                }

                @Override
                public BucketObject next() {
                    BucketObject object = new BucketObject(key(i), "etag", 1234, T, true);
                    i = next(i + 1);
                    return object;
                }
            };
            keys = new Reconciler(objects, ledger.sorted(), app.sorted())
                    .run(finding -> counts.merge(finding.kind(), 1L, Long::sum), () -> false)
                    .keys();
            System.out.printf(
                    Locale.ROOT,
                    "reconcile core: %,d keys in %.1f s (sorting runs %.1f s, merge %.1f s), "
                            + "%d + %d sorted runs, peak used heap %.0f MB of max %.0f MB; findings %s%n",
                    keys,
                    (System.nanoTime() - start) / 1e9,
                    (sorted - start) / 1e9,
                    (System.nanoTime() - sorted) / 1e9,
                    ledger.runs(),
                    app.runs(),
                    peak.get() / 1048576.0,
                    Runtime.getRuntime().maxMemory() / 1048576.0,
                    counts);
        } finally {
            sampler.interrupt();
        }
        if (counts.getOrDefault(Finding.Kind.MISSING, 0L) != n / 100 || keys != n) {
            throw new AssertionError("unexpected findings " + counts + " over " + keys + " keys");
        }
    }

    /** A permutation of 0..n-1 (a stride coprime with n), so the views arrive out of key order. */
    private static int scrambled(int j, int n) {
        long stride = 7_919;
        while (gcd(stride, n) != 1) {
            stride++;
        }
        return (int) ((j * stride) % n);
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static String key(int i) {
        return String.format(Locale.ROOT, "photos/%08d.jpg", i);
    }

    private static String id(int i) {
        return String.format(Locale.ROOT, "%040x", i);
    }
}

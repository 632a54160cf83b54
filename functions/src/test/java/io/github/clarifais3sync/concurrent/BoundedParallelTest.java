package io.github.clarifais3sync.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

// Unit tests of running one step per item, at most N at a time, results in the items' order.
class BoundedParallelTest {

    @Test
    void map_returnsTheResultsInTheItemsOrder() {
        List<Integer> items = IntStream.range(0, 50).boxed().toList();

        List<Integer> doubled = new BoundedParallel(8).map(items, i -> i * 2);

        assertEquals(items.stream().map(i -> i * 2).toList(), doubled);
    }

    @Test
    void map_neverRunsMoreStepsAtOnceThanTheLimit() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();

        new BoundedParallel(3).map(IntStream.range(0, 30).boxed().toList(), i -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.onSpinWait();
            running.decrementAndGet();
            return i;
        });

        assertTrue(most.get() <= 3, "at most 3 at once, saw " + most.get());
    }

    @Test
    void map_runsStepsConcurrentlyUpToTheLimit() throws InterruptedException {
        CountDownLatch allStarted = new CountDownLatch(4);

        List<Boolean> metTheOthers = new BoundedParallel(4).map(List.of(1, 2, 3, 4), i -> {
            allStarted.countDown();
            try {
                return allStarted.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return false;
            }
        });

        assertEquals(List.of(true, true, true, true), metTheOthers, "four steps ran at the same time");
    }

    @Test
    void map_rethrowsAStepsUncheckedExceptionAfterAllStepsEnded() {
        IllegalStateException failure = new IllegalStateException("step 7 failed");
        AtomicInteger ended = new AtomicInteger();

        IllegalStateException thrown = assertThrows(
                IllegalStateException.class,
                () -> new BoundedParallel(4).map(IntStream.range(0, 20).boxed().toList(), i -> {
                    ended.incrementAndGet();
                    if (i == 7) {
                        throw failure;
                    }
                    return i;
                }));

        assertSame(failure, thrown);
        assertEquals(20, ended.get());
    }

    @Test
    void map_withALimitOfOne_runsOnTheCallersThread() {
        Thread caller = Thread.currentThread();

        assertEquals(
                List.of(true, true), new BoundedParallel(1).map(List.of(1, 2), i -> Thread.currentThread() == caller));
    }
}

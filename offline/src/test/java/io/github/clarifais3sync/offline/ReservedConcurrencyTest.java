package io.github.clarifais3sync.offline;

import static io.github.clarifais3sync.offline.TestStacks.templateCopy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.github.clarifais3sync.offline.lambda.FunctionError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// Integration test of the in-process Lambda runner: a timed-out handler keeps its reserved-concurrency slot.
class ReservedConcurrencyTest {

    /** A handler that outlives its timeout and ignores the interrupt, as blocking I/O can. */
    public static final class StubbornHandler implements RequestHandler<Map<String, Object>, String> {
        static final AtomicInteger RUNNING = new AtomicInteger();
        static final AtomicInteger MOST_AT_ONCE = new AtomicInteger();

        public StubbornHandler() {}

        @Override
        public String handleRequest(Map<String, Object> input, Context context) {
            MOST_AT_ONCE.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
            try {
                long until = System.nanoTime() + 2_000_000_000L;
                while (System.nanoTime() < until) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException ignored) {
                        // keeps running, like a handler stuck in a socket read
                    }
                }
                return "done";
            } finally {
                RUNNING.decrementAndGet();
            }
        }
    }

    @Test
    void invoke_whenTimedOutHandlerKeepsRunning_neverRunsMoreThanTheReservedConcurrency(@TempDir Path directory)
            throws Exception {
        Path template = templateCopy(
                directory,
                "io.github.clarifais3sync.status.StatusHandler::handleRequest",
                StubbornHandler.class.getName() + "::handleRequest",
                "Timeout: 300",
                "Timeout: 1");
        try (OfflineStack stack = OfflineStack.builder()
                .template(template)
                .eventSources(false)
                .inputsApi(TestStacks::unusedInputsApi)
                .start()) {
            ExecutorService callers = Executors.newFixedThreadPool(3);
            List<Future<String>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                calls.add(callers.submit(() -> {
                    try {
                        return stack.function("StatusFunction").invoke("{}", "test");
                    } catch (FunctionError error) {
                        return error.errorType();
                    }
                }));
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> call : calls) {
                outcomes.add(call.get());
            }
            callers.shutdown();

            assertEquals(List.of("Sandbox.Timedout", "Sandbox.Timedout", "Sandbox.Timedout"), outcomes);
            assertEquals(1, StubbornHandler.MOST_AT_ONCE.get(), "ReservedConcurrentExecutions: 1 holds after timeouts");
        }
    }
}

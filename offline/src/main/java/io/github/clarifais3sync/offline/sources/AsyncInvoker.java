package io.github.clarifais3sync.offline.sources;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.clarifais3sync.offline.Json;
import io.github.clarifais3sync.offline.Log;
import io.github.clarifais3sync.offline.lambda.FunctionError;
import io.github.clarifais3sync.offline.lambda.LambdaFunction;
import io.github.clarifais3sync.offline.template.Specs.AsyncInvokeSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Asynchronous invocation ({@code Event}), the way S3 and EventBridge invoke a function: the caller does not wait; on a
 * function error Lambda retries up to {@code MaximumRetryAttempts} times (AWS waits about 1 then 2 minutes; here
 * {@code firstRetryDelay}, doubling), then sends an invocation record to the {@code OnFailure} destination
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html,
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).
 *
 * <p>Events wait in a queue per function, as in Lambda, and at most as many as the function can run at once (its
 * reserved concurrency, else {@code maxRunning}) are handed to it. Handing every queued event over at once would line
 * thousands of them up for the account's concurrency, ahead of the SQS pollers, which ask for one slot at a time, and
 * ahead of other functions' events: a large drop would starve the queue consumer and the schedule.
 */
public final class AsyncInvoker implements AutoCloseable {

    private static final ObjectMapper JSON = Json.MAPPER;

    /** Sends one message to the queue with the given logical id. */
    public interface Destinations {
        void send(String queueLogicalId, String body);
    }

    private final Destinations destinations;
    private final Function<LambdaFunction, String> functionArns;
    private final Duration firstRetryDelay;
    private final ExecutorService invokers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<LambdaFunction, FunctionQueue> queues = new ConcurrentHashMap<>();
    private final int maxRunning;

    /** One function's waiting events and how many of them run. */
    private record FunctionQueue(ConcurrentLinkedQueue<Runnable> waiting, Semaphore running) {}

    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("async-retry").factory());
    private final AtomicInteger inFlight = new AtomicInteger();

    /** @param maxRunning events handed to one function at once (less if its reserved concurrency is lower) */
    public AsyncInvoker(
            Destinations destinations,
            Function<LambdaFunction, String> functionArns,
            Duration firstRetryDelay,
            int maxRunning) {
        this.destinations = destinations;
        this.functionArns = functionArns;
        this.firstRetryDelay = firstRetryDelay;
        this.maxRunning = maxRunning;
    }

    /** Queues the event and returns at once, as Lambda answers 202 to an asynchronous invoke. */
    public void invoke(LambdaFunction function, String payload, String trigger) {
        inFlight.incrementAndGet();
        attempt(function, payload, trigger, 1, Instant.now(), UUID.randomUUID().toString());
    }

    /** Asynchronous invocations accepted and not yet finished (retries included). */
    public int inFlight() {
        return inFlight.get();
    }

    private void attempt(
            LambdaFunction function, String payload, String trigger, int attempt, Instant received, String requestId) {
        FunctionQueue queue = queues.computeIfAbsent(
                function,
                key -> new FunctionQueue(
                        new ConcurrentLinkedQueue<>(),
                        new Semaphore(
                                key.spec().reservedConcurrency() != null
                                        ? Math.min(maxRunning, key.spec().reservedConcurrency())
                                        : maxRunning)));
        queue.waiting().add(() -> run(function, payload, trigger, attempt, received, requestId));
        dispatch(queue);
    }

    /** Hands the function's waiting events to it while it has room. */
    private void dispatch(FunctionQueue queue) {
        while (!queue.waiting().isEmpty() && queue.running().tryAcquire()) {
            Runnable next = queue.waiting().poll();
            if (next == null) {
                queue.running().release();
                continue;
            }
            try {
                invokers.execute(() -> {
                    try {
                        next.run();
                    } finally {
                        queue.running().release();
                        dispatch(queue);
                    }
                });
            } catch (RejectedExecutionException closing) {
                queue.running().release();
                return;
            }
        }
    }

    private void run(
            LambdaFunction function, String payload, String trigger, int attempt, Instant received, String requestId) {
        AsyncInvokeSpec config = function.spec().asyncInvoke();
        boolean retrying = false;
        try {
            function.invoke(payload, trigger);
        } catch (FunctionError error) {
            boolean expired = Duration.between(received, Instant.now()).toSeconds() >= config.maximumEventAgeSeconds();
            if (attempt <= config.maximumRetryAttempts() && !expired && !delays.isShutdown()) {
                long delay = firstRetryDelay.toMillis() << (attempt - 1);
                Log.warn(
                        "async.invoke-retry",
                        "function",
                        function.spec().logicalId(),
                        "attempt",
                        attempt,
                        "delayMillis",
                        delay,
                        "errorType",
                        error.errorType(),
                        "error",
                        error.getMessage());
                try {
                    delays.schedule(
                            () -> attempt(function, payload, trigger, attempt + 1, received, requestId),
                            delay,
                            TimeUnit.MILLISECONDS);
                    retrying = true;
                } catch (RejectedExecutionException closing) {
                    Log.warn(
                            "async.invoke-dropped-on-close",
                            "function",
                            function.spec().logicalId());
                }
            } else {
                discard(
                        function,
                        payload,
                        error,
                        attempt,
                        expired ? "EventAgeExceeded" : "RetriesExhausted",
                        requestId);
            }
        } catch (RuntimeException unexpected) {
            Log.error("async.invoke-failed", "function", function.spec().logicalId(), "error", unexpected.toString());
        } finally {
            if (!retrying) {
                inFlight.decrementAndGet();
            }
        }
    }

    private void discard(
            LambdaFunction function,
            String payload,
            FunctionError error,
            int attempts,
            String condition,
            String requestId) {
        AsyncInvokeSpec config = function.spec().asyncInvoke();
        Log.error(
                "async.invoke-discarded",
                "function",
                function.spec().logicalId(),
                "attempts",
                attempts,
                "condition",
                condition,
                "destination",
                config.onFailureLogicalId(),
                "error",
                error.getMessage());
        if (config.onFailureLogicalId() == null) {
            return;
        }
        if (!"SQS".equalsIgnoreCase(config.onFailureType())) {
            Log.warn(
                    "async.destination-unsupported",
                    "type",
                    config.onFailureType(),
                    "function",
                    function.spec().logicalId());
            return;
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("version", "1.0");
        record.put("timestamp", Instant.now().toString());
        record.put(
                "requestContext",
                Map.of(
                        "requestId",
                        requestId,
                        "functionArn",
                        functionArns.apply(function) + ":$LATEST",
                        "condition",
                        condition,
                        "approximateInvokeCount",
                        attempts));
        Object requestPayload;
        try {
            requestPayload = JSON.readTree(payload);
        } catch (Exception e) {
            requestPayload = payload;
        }
        record.put("requestPayload", requestPayload);
        record.put(
                "responseContext",
                Map.of("statusCode", 200, "executedVersion", "$LATEST", "functionError", "Unhandled"));
        record.put("responsePayload", error.payload());
        try {
            destinations.send(config.onFailureLogicalId(), JSON.writeValueAsString(record));
        } catch (Exception e) {
            Log.error(
                    "async.destination-send-failed", "function", function.spec().logicalId(), "error", e.toString());
        }
    }

    @Override
    public void close() {
        delays.shutdownNow();
        invokers.shutdownNow();
    }
}

package io.github.clarifais3sync.offline.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.clarifais3sync.offline.Json;
import io.github.clarifais3sync.offline.Log;
import io.github.clarifais3sync.offline.lambda.LambdaFunction;
import io.github.clarifais3sync.offline.template.Specs.ScheduleEventSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A {@code Schedule} (EventBridge rule) or {@code ScheduleV2} (EventBridge Scheduler) event, firing at the template's
 * {@code rate(...)} or at an override. Both invoke the function asynchronously. ScheduleV2 delivers exactly the
 * {@code Input}, with no envelope; a rule without Input delivers the "Scheduled Event" envelope
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-templated.html,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html).
 */
public final class ScheduleEventSource implements AutoCloseable {

    private static final ObjectMapper JSON = Json.MAPPER;

    private final LambdaFunction function;
    private final ScheduleEventSpec spec;
    private final Duration period;
    private final String region;
    private final String accountId;
    private final AsyncInvoker invoker;
    private final ScheduledExecutorService timer;

    /** @param period the template's rate, or the override asked for */
    public ScheduleEventSource(
            LambdaFunction function,
            ScheduleEventSpec spec,
            Duration period,
            String region,
            String accountId,
            AsyncInvoker invoker) {
        this.function = function;
        this.spec = spec;
        this.period = period;
        this.region = region;
        this.accountId = accountId;
        this.invoker = invoker;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("schedule-" + spec.name()).factory());
    }

    public void start() {
        if (!spec.enabled()) {
            return;
        }
        timer.scheduleAtFixedRate(this::fire, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        Log.info(
                "schedule.started",
                "function",
                function.spec().logicalId(),
                "expression",
                spec.expression(),
                "periodMillis",
                period.toMillis());
    }

    /** Fires once now, outside the timer. */
    public void fire() {
        invoker.invoke(function, payload(), "schedule");
    }

    private String payload() {
        if (spec.input() != null) {
            return spec.input();
        }
        if ("ScheduleV2".equals(spec.type())) {
            return "{}";
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", accountId);
        event.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", region);
        event.put("resources", List.of("arn:aws:events:" + region + ":" + accountId + ":rule/" + spec.name()));
        event.put("detail", Map.of());
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

package io.github.clarifais3sync.status;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.clarifais3sync.config.Configuration;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.metrics.Invocation;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.wiring.Deadlines;
import io.github.clarifais3sync.wiring.DependencyFactory;
import io.github.clarifais3sync.wiring.priming.StatusPriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Scheduled status poller. EventBridge Scheduler (SAM {@code ScheduleV2}) delivers only the schedule's
 * {@code Input} ({@code {}}), not the classic "Scheduled Event" envelope, so the payload is a plain map and unused.
 * The template gives it reserved concurrency 1, so runs never overlap. A stream handler: the payload is not read, and
 * the runtime's own serializer never loads.
 */
public final class StatusHandler implements RequestStreamHandler {

    private final StatusService service;
    private final Metrics metrics;

    public StatusHandler() {
        DependencyFactory dependencies = DependencyFactory.forLambda();
        Configuration.Status config = Configuration.Status.from(dependencies.environment());
        this.metrics = dependencies.metrics();
        this.service = new StatusService(
                dependencies.inputsClient(config.clarifai()),
                dependencies.ledger(config.ledger()),
                new SqsRetryQueue(dependencies.sqs(), config.queueUrl()),
                new StatusService.Options(config.giveUpAfter(), config.maxAttempts(), config.retryDelay()),
                metrics,
                dependencies.clock());
        StatusPriming.ifSnapStart(dependencies.aws(), dependencies.environment());
    }

    StatusHandler(StatusService service, Metrics metrics) {
        this.service = service;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        StatusReport report = handle(context);
        Json.write(
                output,
                Json.MAPPER
                        .createObjectNode()
                        .put("due", report.due())
                        .put("indexed", report.indexed())
                        .put("failed", report.failed())
                        .put("stillPending", report.stillPending())
                        .put("gaveUp", report.gaveUp())
                        .put("retried", report.retried())
                        .put("unchecked", report.unchecked()));
    }

    /** One scheduled run. */
    public StatusReport handle(Context context) {
        try (Invocation ignored = Invocation.start(context, metrics)) {
            return service.poll(Deadlines.of(context));
        }
    }
}

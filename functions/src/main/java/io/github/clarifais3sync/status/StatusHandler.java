package io.github.clarifais3sync.status;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.clarifais3sync.config.Deadlines;
import io.github.clarifais3sync.config.DependencyFactory;
import io.github.clarifais3sync.config.OfflineSeam;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.logging.Invocation;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.priming.StatusPriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

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
        this(DependencyFactory.forLambda());
    }

    /** The offline stack's seam: runs with the given Lambda environment ({@link OfflineSeam}). */
    public StatusHandler(Map<String, String> environment) {
        this(OfflineSeam.dependencies(environment));
    }

    private StatusHandler(DependencyFactory dependencies) {
        this(dependencies.statusService(), dependencies.metrics());
        StatusPriming.ifSnapStart(dependencies.aws(), dependencies.environment());
    }

    StatusHandler(StatusService service, Metrics metrics) {
        this.service = service;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        StatusReport report = handle(context);
        Json.write(output, Json.MAPPER.createObjectNode()
                .put("due", report.due()).put("indexed", report.indexed()).put("failed", report.failed())
                .put("stillPending", report.stillPending()).put("gaveUp", report.gaveUp())
                .put("retried", report.retried()).put("unchecked", report.unchecked()));
    }

    /** One scheduled run. */
    public StatusReport handle(Context context) {
        try (Invocation ignored = Invocation.start(context, metrics)) {
            return service.poll(Deadlines.of(context));
        }
    }
}

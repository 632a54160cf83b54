package io.github.clarifais3sync.status;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.github.clarifais3sync.config.Deadlines;
import io.github.clarifais3sync.config.DependencyFactory;
import io.github.clarifais3sync.config.OfflineSeam;
import java.util.Map;

/**
 * Scheduled status poller. EventBridge Scheduler (SAM {@code ScheduleV2}) delivers only the schedule's
 * {@code Input} ({@code {}}), not the classic "Scheduled Event" envelope, so the payload is a plain map and unused.
 * The template gives it reserved concurrency 1, so runs never overlap.
 */
public final class StatusHandler implements RequestHandler<Map<String, Object>, StatusReport> {

    private final StatusService service;

    public StatusHandler() {
        this(DependencyFactory.forLambda().statusService());
    }

    /** The offline stack's seam: runs with the given Lambda environment ({@link OfflineSeam}). */
    public StatusHandler(Map<String, String> environment) {
        this(OfflineSeam.dependencies(environment).statusService());
    }

    StatusHandler(StatusService service) {
        this.service = service;
    }

    @Override
    public StatusReport handleRequest(Map<String, Object> input, Context context) {
        return service.poll(Deadlines.of(context));
    }
}

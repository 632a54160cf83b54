package io.github.clarifais3sync.offline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options of the commands that start a stack from the template: demo, up, invoke. */
final class StackOptions {

    @Option(
            names = {"-t", "--template"},
            paramLabel = "PATH",
            description = "SAM template to wire from (default: template.yaml)")
    Path template;

    @Option(
            names = {"-p", "--parameter"},
            paramLabel = "NAME=VALUE",
            description = "override a template parameter (repeatable)")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(
            names = "--schedule-every",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "fire schedules at this period instead of the template's rate (e.g. 2s, 1m)")
    Duration scheduleEvery;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            defaultValue = "" + OfflineStack.DEFAULT_CONCURRENCY_LIMIT,
            converter = PositiveNumber.class,
            description = "the account's concurrency limit: invocations of all functions at once (default: "
                    + "${DEFAULT-VALUE}, a new AWS account's quota; AWS's default is 1000)")
    int concurrency;

    boolean templateGiven() {
        return template != null;
    }

    Path template() {
        Path path = template == null ? Path.of("template.yaml") : template;
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(
                    "no template at " + path.toAbsolutePath() + "; run from the repository root or pass --template");
        }
        return path;
    }

    Optional<Duration> scheduleEvery() {
        return Optional.ofNullable(scheduleEvery);
    }

    OfflineStack.Builder stack() {
        return OfflineStack.builder()
                .template(template())
                .parameterOverrides(parameters)
                .concurrencyLimit(concurrency);
    }
}

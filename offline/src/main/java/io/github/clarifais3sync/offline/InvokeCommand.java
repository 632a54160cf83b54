package io.github.clarifais3sync.offline;

import io.github.clarifais3sync.logging.LogLine;
import io.github.clarifais3sync.offline.lambda.FunctionError;
import io.github.clarifais3sync.offline.lambda.LambdaFunction;
import io.github.clarifais3sync.offline.template.Specs.FunctionSpec;
import io.github.clarifais3sync.offline.template.TemplateModel;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./offline-stack invoke FUNCTION -e FILE}: one function with one event, like {@code sam local invoke}: logs
 * on stderr, the response alone on stdout; exit 1 when the function fails.
 */
@Command(
        name = "invoke",
        mixinStandardHelpOptions = true,
        description = {
            "Run one function with an event file, like sam local invoke.",
            "Logs go to stderr, the response alone to stdout. Runs against the stack that 'up' keeps running "
                    + "or, if none runs, a fresh one. Exit 1 if the function fails (its error is printed), 2 if "
                    + "the function or the file is unknown."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./offline-stack invoke EnqueueFunction -e events/s3-put.json",
            "  ./offline-stack invoke StatusFunction -e events/schedule.json"
        })
final class InvokeCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            paramLabel = "FUNCTION",
            description = "the function's logical id in template.yaml, " + "e.g. UploadFunction")
    String functionId;

    @Option(
            names = {"-e", "--event"},
            paramLabel = "FILE",
            required = true,
            description = "the event JSON, in the raw shape AWS delivers (e.g. events/s3-put.json)")
    Path event;

    @Option(
            names = "--state",
            paramLabel = "FILE",
            description = "the running stack's state file (default: .local-stack/state.json)")
    Path state = StackState.DEFAULT_PATH;

    @Mixin
    StackOptions options;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(event)) {
            throw new IllegalArgumentException("no event file at " + event.toAbsolutePath());
        }
        String payload = Files.readString(event);
        PrintStream console = System.out;
        // Like sam local invoke: logs on stderr, the response alone on stdout.
        System.setOut(System.err);
        try {
            Optional<StackState> running = StackState.readLive(state);
            String response;
            try {
                response = running.isPresent() ? invokeAgainst(running.get(), payload) : invokeFresh(payload);
            } catch (FunctionError error) {
                console.println(Json.MAPPER.writeValueAsString(error.payload()));
                return OfflineCli.EXIT_FAILED;
            }
            console.println(response);
            return OfflineCli.EXIT_OK;
        } finally {
            System.setOut(console);
        }
    }

    private String invokeAgainst(StackState running, String payload) throws Exception {
        Path template = options.templateGiven() ? options.template() : Path.of(running.template());
        Map<String, String> parameters = new LinkedHashMap<>(running.parameters());
        parameters.putAll(options.parameters);
        TemplateModel model =
                TemplateModel.load(template, running.stackName(), running.accountId(), running.region(), parameters);
        running.queues().forEach((id, queue) -> model.registerQueue(id, queue.get("url"), queue.get("arn")));
        FunctionSpec spec = model.function(functionId);
        System.err.println(LogLine.format(
                "invoke.started",
                "function",
                functionId,
                "stackPid",
                running.pid(),
                "endpoint",
                running.awsEnvironment().get("AWS_ENDPOINT_URL")));
        try (LambdaFunction function = new LambdaFunction(
                spec,
                OfflineStack.functionEnvironment(model, spec, running.awsEnvironment()),
                OfflineStack.functionArn(model, spec),
                InvokeCommand.class.getClassLoader())) {
            return function.invoke(payload, "cli");
        }
    }

    private String invokeFresh(String payload) throws Exception {
        System.err.println(LogLine.format(
                "invoke.started",
                "function",
                functionId,
                "stack",
                "fresh",
                "reason",
                "no running './offline-stack up' found"));
        try (OfflineStack stack = options.stack()
                .eventSources(false)
                .inputsApi(() -> LocalInputsApiEndpoint.start(0, Duration.ofMillis(500)))
                .start()) {
            return stack.function(functionId).invoke(payload, "cli");
        }
    }
}

package io.github.clarifais3sync.offline;

import io.github.clarifais3sync.offline.template.Specs.QueueSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code up} leaves in {@code .local-stack/state.json} so that {@code invoke} can run a function against the
 * running stack: the template and parameter values it was started with, the emulators' environment and the queues'
 * URLs and ARNs; and the process ids of the stack and of its emulator child process.
 */
record StackState(
        long pid,
        List<Long> emulatorPids,
        String template,
        String stackName,
        String accountId,
        String region,
        Map<String, String> parameters,
        Map<String, String> awsEnvironment,
        Map<String, Map<String, String>> queues,
        Map<String, String> inputsApi) {

    static final Path DEFAULT_PATH = Path.of(".local-stack", "state.json");

    static StackState of(OfflineStack stack) {
        Map<String, String> parameters = new LinkedHashMap<>(stack.model().parameters());
        parameters.keySet().removeIf(name -> name.startsWith("AWS::"));
        Map<String, Map<String, String>> queues = new LinkedHashMap<>();
        for (QueueSpec queue : stack.model().queues()) {
            queues.put(
                    queue.logicalId(),
                    Map.of(
                            "url",
                            stack.model().queueUrl(queue.logicalId()),
                            "arn",
                            stack.model().queueArn(queue.logicalId())));
        }
        InputsApiEndpoint api = stack.inputsApi();
        return new StackState(
                ProcessHandle.current().pid(),
                stack.aws().emulatorPids(),
                stack.model().path().toAbsolutePath().toString(),
                stack.model().stackName(),
                stack.model().accountId(),
                stack.model().region(),
                parameters,
                stack.aws().environment(),
                queues,
                Map.of("baseUrl", api.baseUrl(), "apiKey", api.apiKey(), "userId", api.userId(), "appId", api.appId()));
    }

    void write(Path path) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(path.toFile(), this);
    }

    /** The state of a stack whose process still runs, if any. */
    static Optional<StackState> readLive(Path path) {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            StackState state = Json.MAPPER.readValue(path.toFile(), StackState.class);
            return ProcessHandle.of(state.pid()).filter(ProcessHandle::isAlive).map(process -> state);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}

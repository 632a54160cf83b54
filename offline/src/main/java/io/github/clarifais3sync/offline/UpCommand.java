package io.github.clarifais3sync.offline;

import io.github.clarifais3sync.local.aws.LocalAws;
import io.github.clarifais3sync.offline.monitor.LocalDashboard;
import io.github.clarifais3sync.offline.template.Specs.FunctionSpec;
import io.github.clarifais3sync.offline.template.Specs.ScheduleEventSpec;
import io.github.clarifais3sync.offline.template.TemplateModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./offline-stack up}: the stack until Ctrl-C, its endpoints printed, its state file written for invoke. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Start the stack and keep it running until Ctrl-C.",
            "Prints the AWS endpoint (S3, SQS, "
                    + "DynamoDB, Secrets Manager), the local Inputs API and its key, its gRPC endpoint, the live dashboard, and the "
                    + "AWS_* variables to export for the AWS CLI, an SDK or ./clarifai-sync."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./offline-stack up",
            "  ./offline-stack up --watch ./photos -p BatchBackfill=Enabled",
            "  ./offline-stack up --port 0 --api-port 0 --grpc-port 0 --dashboard-port 0     any free ports"
        })
final class UpCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "" + LocalAws.DEFAULT_PORT,
            description = "AWS endpoint port (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(
            names = "--api-port",
            paramLabel = "N",
            defaultValue = "8080",
            description = "local Inputs API port (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int apiPort;

    @Option(
            names = "--grpc-port",
            paramLabel = "N",
            defaultValue = "8082",
            description = "the local Inputs API's gRPC endpoint (Clarifai's Python SDK, clarifai-grpc) port "
                    + "(default: ${DEFAULT-VALUE}; 0 = any free port)")
    int grpcPort;

    @Option(
            names = "--dashboard-port",
            paramLabel = "N",
            defaultValue = "8081",
            description = "live dashboard page port (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int dashboardPort;

    @Option(names = "--watch", paramLabel = "DIR", description = "mirror a local folder into the bucket")
    Path watch;

    @Option(
            names = "--state",
            paramLabel = "FILE",
            description = "where to write the running stack's state, "
                    + "which invoke reads (default: .local-stack/state.json)")
    Path state = StackState.DEFAULT_PATH;

    @Override
    public Integer call() throws Exception {
        OfflineStack stack = options.stack()
                .gatewayPort(port)
                .scheduleEvery(options.scheduleEvery().orElse(null))
                .inputsApi(() -> LocalInputsApiEndpoint.start(apiPort, Duration.ofSeconds(1))
                        .withGrpc(grpcPort))
                .start();
        LocalDashboard dashboard = LocalDashboard.start(stack, dashboardPort);
        StackState.of(stack).write(state);
        FolderMirror mirror = null;
        if (watch != null) {
            Files.createDirectories(watch);
            mirror = new FolderMirror(watch, stack.aws().s3Client(), stack.bucketName());
            mirror.start();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        FolderMirror startedMirror = mirror;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (startedMirror != null) {
                startedMirror.close();
            }
            dashboard.close();
            stack.close();
            try {
                Files.deleteIfExists(state);
            } catch (Exception ignored) {
                // Best effort: invoke checks that the recorded process is alive anyway.
            }
            System.out.println("Offline stack stopped.");
            stopped.countDown();
        }));
        System.out.print(endpoints(stack, dashboard));
        stopped.await();
        return OfflineCli.EXIT_OK;
    }

    private String endpoints(OfflineStack stack, LocalDashboard dashboard) {
        TemplateModel model = stack.model();
        InputsApiEndpoint api = stack.inputsApi();
        StringBuilder text = new StringBuilder();
        text.append("\nOffline stack is up, wired from ")
                .append(model.path())
                .append(" (stack ")
                .append(model.stackName())
                .append(")\n");
        text.append("  Live dashboard: ").append(dashboard.url()).append('\n');
        text.append("  AWS endpoint (S3, SQS, DynamoDB, Secrets Manager): ")
                .append(stack.aws().endpoint())
                .append("   (moto server pids: ")
                .append(stack.aws().emulatorPids())
                .append(")\n");
        text.append("  Inputs API: ")
                .append(api.baseUrl())
                .append("   key: ")
                .append(api.apiKey())
                .append("   user: ")
                .append(api.userId())
                .append("   app: ")
                .append(api.appId())
                .append('\n');
        if (api instanceof LocalInputsApiEndpoint local && local.grpc() != null) {
            text.append("  ").append(InputsApiCommand.grpcBanner(local.grpc())).append('\n');
        }
        model.outputs()
                .forEach((name, value) -> text.append("  ")
                        .append(name)
                        .append(": ")
                        .append(value)
                        .append('\n'));
        for (FunctionSpec function : model.functions()) {
            for (ScheduleEventSpec schedule : function.schedules()) {
                text.append("  ")
                        .append(function.logicalId())
                        .append(" runs ")
                        .append(options.scheduleEvery()
                                .map(period -> "every " + period.toMillis() + " ms (override)")
                                .orElse(schedule.expression()))
                        .append('\n');
            }
        }
        if (watch != null) {
            text.append("  Mirroring ").append(watch.toAbsolutePath()).append(" into the bucket\n");
        }
        text.append("\nPoint the AWS CLI or an SDK at it:\n");
        stack.aws()
                .environment()
                .forEach((name, value) -> text.append("  export ")
                        .append(name)
                        .append('=')
                        .append(value)
                        .append('\n'));
        text.append("  aws s3 cp photo.jpg s3://").append(stack.bucketName()).append("/photos/photo.jpg\n");
        text.append("  aws dynamodb scan --table-name ")
                .append(stack.tableName())
                .append('\n');
        text.append("  ./offline-stack invoke StatusFunction -e events/schedule.json\n\nCtrl-C stops it.\n");
        return text.toString();
    }
}

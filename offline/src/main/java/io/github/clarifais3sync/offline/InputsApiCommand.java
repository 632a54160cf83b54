package io.github.clarifais3sync.offline;

import io.github.clarifais3sync.local.inputsapi.LocalInputsApi;
import io.github.clarifais3sync.local.inputsapi.LocalInputsApiMain;
import io.github.clarifais3sync.local.inputsapi.grpc.LocalInputsGrpcServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code ./offline-stack inputs-api [flags] [--grpc-port G]}: the local Inputs API alone; its flags are the local
 * Inputs API's own, passed through as they are; {@code --grpc-port} also serves Clarifai's gRPC API over the same
 * state.
 */
@Command(
        name = "inputs-api",
        synopsisHeading = "",
        customSynopsis = "Usage: offline-stack inputs-api [FLAG...]",
        description = {
            "The local Clarifai Inputs API alone, until Ctrl-C.",
            "The same API the offline stack uses, for a client of your own. Its flags, listed below the "
                    + "examples, are passed to it as they are."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./offline-stack inputs-api --port 8080",
            "  ./offline-stack inputs-api --throttle-rate 0.2 --latency-ms 50     a slow, throttling API",
            "  ./offline-stack inputs-api --grpc-port 18080     also gRPC, for Clarifai's Python SDK "
                    + "(base_url=\"http://127.0.0.1:18080\")",
            ""
        })
final class InputsApiCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--grpc-port",
            paramLabel = "N",
            description = "also serve Clarifai's gRPC API "
                    + "(clarifai.api.V2) on 127.0.0.1:N without TLS, over the same inputs (0 = any free port)")
    Integer grpcPort;

    /** Every other argument: the local Inputs API parses its own flags. */
    @Unmatched
    List<String> flags = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (flags.contains("--help") || flags.contains("-h")) {
            spec.commandLine().usage(System.out);
            LocalInputsApiMain.main(flags.toArray(String[]::new));
            return OfflineCli.EXIT_OK;
        }
        if (grpcPort == null) {
            LocalInputsApiMain.main(flags.toArray(String[]::new));
            return OfflineCli.EXIT_OK;
        }
        if (grpcPort < 0 || grpcPort > 65535) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--grpc-port takes a port number (0 = any free port), got " + grpcPort);
        }
        LocalInputsApi api;
        try {
            api = LocalInputsApiMain.configure(flags.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        api.start();
        LocalInputsGrpcServer grpc =
                LocalInputsGrpcServer.builder(api).port(grpcPort).build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            grpc.close();
            api.close();
            stopped.countDown();
        }));
        LocalInputsApiMain.printBanner(api, System.out);
        System.out.println(grpcBanner(grpc));
        stopped.await();
        return OfflineCli.EXIT_OK;
    }

    /** How to point Clarifai's gRPC clients at the endpoint. */
    static String grpcBanner(LocalInputsGrpcServer grpc) {
        return "Clarifai gRPC API (clarifai.api.V2, no TLS) on 127.0.0.1:" + grpc.port() + "   Python SDK: base_url=\""
                + grpc.baseUrl() + "\"";
    }
}

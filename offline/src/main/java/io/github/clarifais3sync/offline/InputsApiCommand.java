package io.github.clarifais3sync.offline;

import io.github.clarifais3sync.local.inputsapi.LocalInputsApi;
import io.github.clarifais3sync.local.inputsapi.LocalInputsApiMain;
import io.github.clarifais3sync.local.inputsapi.grpc.LocalInputsGrpcServer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./offline-stack inputs-api [flags] [--grpc-port G]}: the local Inputs API alone until Ctrl-C, with the twin's
 * own flags, and with {@code --grpc-port} also Clarifai's gRPC API on 127.0.0.1:G (0 = a free port) over the same
 * state.
 */
public final class InputsApiCommand {
    public static final String GRPC_PORT = "--grpc-port";
    public static final String GRPC_USAGE = """
              --grpc-port N             also serve Clarifai's gRPC API (clarifai.api.V2) on 127.0.0.1:N without TLS,
                                        for Clarifai's Python SDK (base_url="http://127.0.0.1:N") and clarifai-grpc
            """;

    private InputsApiCommand() {
    }

    public static int run(String[] args, PrintStream out) throws InterruptedException {
        List<String> rest = new ArrayList<>(List.of(args));
        Integer grpcPort = null;
        int at = rest.indexOf(GRPC_PORT);
        if (at >= 0) {
            if (at + 1 >= rest.size() || !rest.get(at + 1).matches("[0-9]{1,5}")
                    || Integer.parseInt(rest.get(at + 1)) > 65535) {
                throw new IllegalArgumentException(GRPC_PORT + " takes a port number (0 = any free port)");
            }
            grpcPort = Integer.parseInt(rest.get(at + 1));
            rest.subList(at, at + 2).clear();
        }
        LocalInputsApi api = LocalInputsApiMain.configure(rest.toArray(String[]::new));
        if (api == null) {
            LocalInputsApiMain.main(new String[] {"--help"});
            out.print(GRPC_USAGE);
            return 0;
        }
        api.start();
        LocalInputsGrpcServer grpc = grpcPort == null ? null
                : LocalInputsGrpcServer.builder(api).port(grpcPort).build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (grpc != null) {
                grpc.close();
            }
            api.close();
            stopped.countDown();
        }));
        LocalInputsApiMain.printBanner(api, out);
        if (grpc != null) {
            out.println(grpcBanner(grpc));
        }
        stopped.await();
        return 0;
    }

    /** How to point Clarifai's gRPC clients at the endpoint. */
    public static String grpcBanner(LocalInputsGrpcServer grpc) {
        return "Clarifai gRPC API (clarifai.api.V2, no TLS) on 127.0.0.1:" + grpc.port()
                + "   Python SDK: base_url=\"" + grpc.baseUrl() + "\"";
    }
}

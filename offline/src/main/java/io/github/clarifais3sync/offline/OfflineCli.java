package io.github.clarifais3sync.offline;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


import io.github.clarifais3sync.local.aws.LocalAws;
import io.github.clarifais3sync.logging.LogLine;
import io.github.clarifais3sync.local.inputsapi.LocalInputsApiMain;
import io.github.clarifais3sync.offline.bench.BackfillBenchmark;
import io.github.clarifais3sync.offline.bench.BenchAll;
import io.github.clarifais3sync.offline.bench.BatchingBenchmark;
import io.github.clarifais3sync.offline.bench.ColdStartBenchmark;
import io.github.clarifais3sync.offline.bench.DropBenchmark;
import io.github.clarifais3sync.offline.bench.LedgerBenchmark;
import io.github.clarifais3sync.offline.bench.MemoryBenchmark;
import io.github.clarifais3sync.offline.bench.RemovalsBenchmark;
import io.github.clarifais3sync.offline.bench.StartupBenchmark;
import io.github.clarifais3sync.offline.bench.ThrottleStormBenchmark;
import io.github.clarifais3sync.offline.bench.UploadBatchBenchmark;
import io.github.clarifais3sync.offline.bench.WedgeBenchmark;
import io.github.clarifais3sync.offline.chaos.ChaosFaults;
import io.github.clarifais3sync.offline.chaos.ChaosRun;
import io.github.clarifais3sync.offline.lambda.FunctionError;
import io.github.clarifais3sync.offline.lambda.LambdaFunction;
import io.github.clarifais3sync.offline.monitor.LocalDashboard;
import io.github.clarifais3sync.offline.template.Specs.FunctionSpec;
import io.github.clarifais3sync.offline.template.Specs.ScheduleEventSpec;
import io.github.clarifais3sync.offline.template.TemplateException;
import io.github.clarifais3sync.offline.template.TemplateModel;

/**
 * {@code ./offline-stack demo | up | invoke FUNCTION -e FILE | inputs-api | bench | chaos}: the offline stack's one
 * entry point.
 */
public final class OfflineCli {

    static final String USAGE = """
            Usage: ./offline-stack COMMAND [options]

              demo                        start the stack, put sample images, follow them to indexed, delete one
              up                          start the stack and keep it running until Ctrl-C
              invoke FUNCTION -e FILE     run one function (logical id from template.yaml) with an event file,
                                          against the running 'up' stack or, if none, a fresh one; prints the response
              inputs-api [options]        the local Inputs API alone (./offline-stack inputs-api --help)
              bench [--inputs N]          benchmarks: N adds in batches of 128, 32, 10 and 1 at 15 req/s; and one
                                          128-object upload batch with its per-object steps 1 vs 16 at a time
              bench --startup [--runs N]  the offline stack's start time (median of N fresh starts)
              bench --wedge [--objects N] [--writers W] [--timeout DURATION]
                                          N small JPEGs (10000) from W writers (16) through the edge endpoint, followed
                                          to indexed; prints peak open descriptors, sockets and wall time
              bench --storm               put to indexed after a 429 storm: retried messages back after the
                                          visibility timeout (before) vs the upload function's backoff (after)
              bench --backfill [--objects N] [--timeout DURATION]
                                          backfill of N objects (10000) of an existing bucket: objects listed/s,
                                          add requests per image vs 1/128, peak heap
              bench --cold-start [--runs N]
                                          each function's fresh-JVM start to first response vs a hello-world handler
              bench --memory              peak heap of one upload batch of 128 x 5 MB objects, URL vs base64
              bench --drop [--objects N] [--writers W] [--timeout DURATION]
                                          N JPEGs (10000) from W writers (16) to indexed, the pipeline (batches of
                                          128) vs a naive uploader (batches of 1); the timeout applies to each
              bench --ledger [--objects N]
                                          the ledger's DynamoDB calls (ms each) on the emulator at 0, 2000 and N items
              bench --removals [--objects N] [--timeout DURATION]
                                          N indexed objects (10000) removed with aws s3 rm --recursive and N by
                                          lifecycle expiration: DELETE requests vs ceil(N/128), time until every
                                          input is gone, the removals queue vs one removal per invocation, and the
                                          same under a 429 storm
              bench --all [--objects N] [--writers W] [--runs N] [--chaos-objects N] [--timeout DURATION]
                                          issue 13's figures in one run: package size, cold start, memory, 429 storm,
                                          the N-object drop vs the naive uploader, a chaos run (1000); then one table
                                          of the goals, met or MISSED
              chaos [--objects N] [--writers W] [--seed S] [--faults SPEC] [--timeout DURATION]
                                          N objects (1000) with odd keys, non-images, zero-byte files, overwrites and
                                          deletes from W writers (16) while the local Inputs API injects faults, then
                                          bucket, ledger and app compared once quiet: lost, duplicate, stale, orphan
                                          (must be 0; exit 1 otherwise), failures by code, requests per image by kind.
                                          SPEC: none, or e.g. latency=30ms,throttle=0.15,5xx=0.1,drop=0.05,inputs=0.1,
                                          for=5m (those are the defaults); --timeout bounds the wait for quiet (60m)

            Options (demo, up, invoke):
              -t, --template PATH         SAM template to wire from (default: template.yaml)
              -p, --parameter NAME=VALUE  override a template parameter (repeatable)
              --schedule-every DURATION   fire schedules at this period instead of the template's rate (e.g. 2s, 1m);
                                          demo default 2s
              --concurrency N             the account's concurrency limit: invocations of all functions at once
                                          (default 10, a new AWS account's quota; AWS's default is 1000)
            Options (up):
              --port N                    AWS edge endpoint port (default 4566; 0 = any free port)
              --api-port N                local Inputs API port (default 8080; 0 = any free port)
              --dashboard-port N          live dashboard page port (default 8081; 0 = any free port)
              --watch DIR                 mirror a local folder into the bucket
            Options (invoke):
              -e, --event FILE            the event JSON, in the raw shape AWS delivers (e.g. events/s3-put.json)
              --state FILE                the running stack's state file (default .local-stack/state.json)
            """;

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private OfflineCli() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        Deque<String> rest = new ArrayDeque<>(List.of(args));
        String command = rest.isEmpty() ? "help" : rest.poll();
        try {
            return switch (command) {
                case "demo" -> demo(Options.parse(rest));
                case "up" -> up(Options.parse(rest));
                case "invoke" -> invoke(rest);
                case "inputs-api" -> {
                    LocalInputsApiMain.main(rest.toArray(String[]::new));
                    yield 0;
                }
                case "bench" -> bench(rest);
                case "chaos" -> chaos(rest);
                case "help", "-h", "--help" -> {
                    System.out.print(USAGE);
                    yield 0;
                }
                default -> throw new IllegalArgumentException("unknown command " + command);
            };
        } catch (IllegalArgumentException | TemplateException e) {
            System.err.println("offline: " + e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
    }

    /** Work whose console output is its own: what the functions and emulators print goes to a log file. */
    private interface ConsoleWork {
        int run(PrintStream console) throws Exception;
    }

    private static int withLogsIn(Path log, ConsoleWork work) throws Exception {
        PrintStream console = System.out;
        PrintStream savedErr = System.err;
        Files.createDirectories(log.getParent());
        try (PrintStream logStream = new PrintStream(new FileOutputStream(log.toFile()), true,
                StandardCharsets.UTF_8)) {
            System.setOut(logStream);
            System.setErr(logStream);
            return work.run(console);
        } finally {
            System.setOut(console);
            System.setErr(savedErr);
        }
    }

    private static int demo(Options options) throws Exception {
        Path log = Path.of(".local-stack", "demo.log");
        return withLogsIn(log, console -> {
            console.printf("Starting the offline stack from %s (emulators, local Inputs API, four functions); "
                    + "logs: %s%n", options.template, log);
            boolean succeeded;
            try (OfflineStack stack = options.stack()
                    .scheduleEvery(options.scheduleEvery.orElse(Duration.ofSeconds(2)))
                    .inputsApi(() -> LocalInputsApiEndpoint.start(0, Duration.ofMillis(500)))
                    .start();
                 LocalDashboard dashboard = LocalDashboard.start(stack, 0)) {
                console.printf("Live dashboard (while the demo runs): %s%n", dashboard.url());
                succeeded = new Demo(stack, console).run();
            }
            console.println(succeeded ? "Demo succeeded." : "Demo FAILED; see " + log);
            return succeeded ? 0 : 1;
        });
    }

    private static final String BENCH_USAGE = """
            Usage: ./offline-stack bench [--inputs N]                  batching and upload-batch benchmarks
                   ./offline-stack bench --startup [--runs N]          offline stack start time (median of N)
                   ./offline-stack bench --wedge [--objects N] [--writers W] [--timeout DURATION]
                                                                        a large drop: peak descriptors, sockets, time
                   ./offline-stack bench --storm                       put to indexed after a 429 storm
                   ./offline-stack bench --backfill [--objects N] [--timeout DURATION]
                                                                        backfill of an existing bucket: list rate,
                                                                        add requests per image, peak heap
                   ./offline-stack bench --cold-start [--runs N]       each function's cold start vs hello world
                   ./offline-stack bench --memory                      upload batch of 128 x 5 MB: peak heap by mode
                   ./offline-stack bench --drop [--objects N] [--writers W] [--timeout DURATION]
                                                                       drop to indexed, batched vs naive uploader
                   ./offline-stack bench --ledger [--objects N]        ledger calls' time at 0, 2000 and N items
                   ./offline-stack bench --removals [--objects N] [--timeout DURATION]
                                                                       N removals: DELETEs per 128, queued vs one each
                   ./offline-stack bench --all [--objects N] [--writers W] [--runs N] [--chaos-objects N]
                                       [--timeout DURATION]            every goal of issue 13 in one run, summed up
            """;

    private static int bench(Deque<String> rest) throws Exception {
        String mode = "default";
        Map<String, Integer> numbers = new LinkedHashMap<>(Map.of("--inputs", 256, "--runs", 5, "--objects", 10_000,
                "--writers", 16, "--chaos-objects", 1000));
        Duration timeout = Duration.ofMinutes(20);
        while (!rest.isEmpty()) {
            String option = rest.poll();
            switch (option) {
                case "--startup", "--wedge", "--storm", "--backfill", "--cold-start", "--memory", "--ledger", "--drop",
                     "--removals", "--all" -> mode = option.substring(2);
                case "--timeout" -> timeout = parseDuration(benchValue(rest, option));
                case "-h", "--help" -> {
                    System.out.print(BENCH_USAGE);
                    return 0;
                }
                default -> {
                    String value = benchValue(rest, option);
                    if (!numbers.containsKey(option) || !value.matches("[1-9][0-9]{0,5}")) {
                        System.err.print(BENCH_USAGE);
                        return 2;
                    }
                    numbers.put(option, Integer.parseInt(value));
                }
            }
        }
        String selected = mode;
        Duration wedgeTimeout = timeout;
        Path log = Path.of(".local-stack", "bench.log");
        return withLogsIn(log, console -> {
            console.println("Function and emulator logs: " + log);
            return switch (selected) {
                case "startup" -> StartupBenchmark.run(numbers.get("--runs"), console);
                case "memory" -> MemoryBenchmark.run(console);
                case "cold-start" -> ColdStartBenchmark.run(numbers.get("--runs"), ColdStartBenchmark.LAMBDA_JVM_OPTIONS,
                        console);
                case "storm" -> ThrottleStormBenchmark.run(Path.of("template.yaml"), console);
                case "backfill" -> BackfillBenchmark.run(numbers.get("--objects"), wedgeTimeout, console);
                case "drop" -> DropBenchmark.run(numbers.get("--objects"), numbers.get("--writers"), wedgeTimeout,
                        console);
                case "ledger" -> LedgerBenchmark.run(numbers.get("--objects"), console);
                case "removals" -> RemovalsBenchmark.run(numbers.get("--objects"), wedgeTimeout, console);
                case "all" -> BenchAll.run(new BenchAll.Settings(numbers.get("--objects"), numbers.get("--writers"),
                        numbers.get("--runs"), numbers.get("--chaos-objects"), wedgeTimeout), console);
                case "wedge" -> WedgeBenchmark.run(numbers.get("--objects"), numbers.get("--writers"), wedgeTimeout,
                        console);
                default -> Math.max(BatchingBenchmark.run(numbers.get("--inputs"), console),
                        UploadBatchBenchmark.run(console));
            };
        });
    }

    private static int chaos(Deque<String> rest) throws Exception {
        int objects = 1000;
        int writers = 16;
        long seed = 13;
        ChaosFaults faults = ChaosFaults.DEFAULT;
        Duration timeout = Duration.ofMinutes(60);
        while (!rest.isEmpty()) {
            String option = rest.poll();
            if (option.equals("-h") || option.equals("--help")) {
                System.out.print(USAGE);
                return 0;
            }
            String value = benchValue(rest, option);
            switch (option) {
                case "--objects" -> objects = positive(option, value);
                case "--writers" -> writers = positive(option, value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--faults" -> faults = ChaosFaults.parse(value, OfflineCli::parseDuration);
                case "--timeout" -> timeout = parseDuration(value);
                default -> throw new IllegalArgumentException("unknown chaos option " + option);
            }
        }
        ChaosRun.Settings settings = new ChaosRun.Settings(objects, writers, seed, faults, timeout,
                Duration.ofSeconds(10));
        Path log = Path.of(".local-stack", "chaos.log");
        return withLogsIn(log, console -> {
            console.println("Function and emulator logs: " + log);
            return ChaosRun.command(Path.of("template.yaml"), settings, console);
        });
    }

    private static int positive(String option, String value) {
        if (!value.matches("[1-9][0-9]{0,6}")) {
            throw new IllegalArgumentException(option + " takes a positive number, got " + value);
        }
        return Integer.parseInt(value);
    }

    private static String benchValue(Deque<String> rest, String option) {
        String value = rest.poll();
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private static int up(Options options) throws Exception {
        OfflineStack stack = options.stack()
                .gatewayPort(options.port)
                .scheduleEvery(options.scheduleEvery.orElse(null))
                .inputsApi(() -> LocalInputsApiEndpoint.start(options.apiPort, Duration.ofSeconds(1)))
                .start();
        LocalDashboard dashboard = LocalDashboard.start(stack, options.dashboardPort);
        StackState.of(stack).write(options.state);
        FolderMirror mirror = null;
        if (options.watch != null) {
            Files.createDirectories(options.watch);
            mirror = new FolderMirror(options.watch, stack.aws().s3Client(), stack.bucketName());
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
                Files.deleteIfExists(options.state);
            } catch (Exception ignored) {
                // Best effort: invoke checks that the recorded process is alive anyway.
            }
            System.out.println("Offline stack stopped.");
            stopped.countDown();
        }));
        printEndpoints(stack, options, dashboard);
        stopped.await();
        return 0;
    }

    private static void printEndpoints(OfflineStack stack, Options options, LocalDashboard dashboard) {
        TemplateModel model = stack.model();
        InputsApiEndpoint api = stack.inputsApi();
        StringBuilder text = new StringBuilder();
        text.append("\nOffline stack is up, wired from ").append(model.path()).append(" (stack ")
                .append(model.stackName()).append(")\n");
        text.append("  Live dashboard: ").append(dashboard.url()).append('\n');
        text.append("  AWS endpoint (S3, SQS, DynamoDB, Secrets Manager): ").append(stack.aws().endpoint())
                .append("   (moto server pids: ").append(stack.aws().emulatorPids()).append(")\n");
        text.append("  Inputs API: ").append(api.baseUrl()).append("   key: ").append(api.apiKey()).append("   user: ")
                .append(api.userId()).append("   app: ").append(api.appId()).append('\n');
        model.outputs().forEach((name, value) -> text.append("  ").append(name).append(": ").append(value).append('\n'));
        for (FunctionSpec function : model.functions()) {
            for (ScheduleEventSpec schedule : function.schedules()) {
                text.append("  ").append(function.logicalId()).append(" runs ").append(options.scheduleEvery
                        .map(period -> "every " + period.toMillis() + " ms (override)").orElse(schedule.expression()))
                        .append('\n');
            }
        }
        if (options.watch != null) {
            text.append("  Mirroring ").append(options.watch.toAbsolutePath()).append(" into the bucket\n");
        }
        text.append("\nPoint the AWS CLI or an SDK at it:\n");
        stack.aws().environment().forEach((name, value) -> text.append("  export ").append(name).append('=')
                .append(value).append('\n'));
        text.append("  aws s3 cp photo.jpg s3://").append(stack.bucketName()).append("/photos/photo.jpg\n");
        text.append("  aws dynamodb scan --table-name ").append(stack.tableName()).append('\n');
        text.append("  ./offline-stack invoke StatusFunction -e events/schedule.json\n\nCtrl-C stops it.\n");
        System.out.print(text);
    }

    private static int invoke(Deque<String> rest) throws Exception {
        String functionId = rest.poll();
        if (functionId == null || functionId.startsWith("-")) {
            throw new IllegalArgumentException("invoke needs a FUNCTION (logical id from the template)");
        }
        Options options = Options.parse(rest);
        if (options.event == null) {
            throw new IllegalArgumentException("invoke needs -e FILE");
        }
        String payload = Files.readString(options.event);
        PrintStream console = System.out;
        // Like sam local invoke: logs on stderr, the response alone on stdout.
        System.setOut(System.err);
        try {
            Optional<StackState> running = StackState.readLive(options.state);
            String response;
            try {
                response = running.isPresent() ? invokeAgainst(running.get(), options, functionId, payload)
                        : invokeFresh(options, functionId, payload);
            } catch (FunctionError error) {
                console.println(Json.MAPPER.writeValueAsString(error.payload()));
                return 1;
            }
            console.println(response);
            return 0;
        } finally {
            System.setOut(console);
        }
    }

    private static String invokeAgainst(StackState state, Options options, String functionId, String payload)
            throws Exception {
        Path template = options.templateGiven ? options.template : Path.of(state.template());
        Map<String, String> parameters = new LinkedHashMap<>(state.parameters());
        parameters.putAll(options.parameters);
        TemplateModel model = TemplateModel.load(template, state.stackName(), state.accountId(), state.region(),
                parameters);
        state.queues().forEach((id, queue) -> model.registerQueue(id, queue.get("url"), queue.get("arn")));
        FunctionSpec spec = model.function(functionId);
        System.err.println(LogLine.format("invoke.started", "function", functionId, "stackPid", state.pid(),
                "endpoint", state.awsEnvironment().get("AWS_ENDPOINT_URL")));
        try (LambdaFunction function = new LambdaFunction(spec,
                OfflineStack.functionEnvironment(model, spec, state.awsEnvironment()),
                OfflineStack.functionArn(model, spec), OfflineCli.class.getClassLoader())) {
            return function.invoke(payload, "cli");
        }
    }

    private static String invokeFresh(Options options, String functionId, String payload) throws Exception {
        System.err.println(LogLine.format("invoke.started", "function", functionId, "stack", "fresh", "reason",
                "no running './offline-stack up' found"));
        try (OfflineStack stack = options.stack().eventSources(false)
                .inputsApi(() -> LocalInputsApiEndpoint.start(0, Duration.ofMillis(500))).start()) {
            return stack.function(functionId).invoke(payload, "cli");
        }
    }

    static Duration parseDuration(String text) {
        Matcher matcher = DURATION.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration: " + text + " (e.g. 500ms, 2s, 1m, 1h)");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** Options shared by the commands. */
    private static final class Options {
        Path template = Path.of("template.yaml");
        boolean templateGiven;
        final Map<String, String> parameters = new LinkedHashMap<>();
        Optional<Duration> scheduleEvery = Optional.empty();
        int port = LocalAws.DEFAULT_PORT;
        int apiPort = 8080;
        int dashboardPort = 8081;
        Path watch;
        Path event;
        Path state = StackState.DEFAULT_PATH;
        int concurrency = OfflineStack.DEFAULT_CONCURRENCY_LIMIT;

        static Options parse(Deque<String> args) {
            Options options = new Options();
            while (!args.isEmpty()) {
                String option = args.poll();
                switch (option) {
                    case "-t", "--template" -> {
                        options.template = Path.of(value(args, option));
                        options.templateGiven = true;
                    }
                    case "-p", "--parameter" -> {
                        String pair = value(args, option);
                        int equals = pair.indexOf('=');
                        if (equals <= 0) {
                            throw new IllegalArgumentException(option + " takes NAME=VALUE, got " + pair);
                        }
                        options.parameters.put(pair.substring(0, equals), pair.substring(equals + 1));
                    }
                    case "--schedule-every" -> options.scheduleEvery = Optional.of(parseDuration(value(args, option)));
                    case "--port" -> options.port = Integer.parseInt(value(args, option));
                    case "--concurrency" -> options.concurrency = Integer.parseInt(value(args, option));
                    case "--api-port" -> options.apiPort = Integer.parseInt(value(args, option));
                    case "--dashboard-port" -> options.dashboardPort = Integer.parseInt(value(args, option));
                    case "--watch" -> options.watch = Path.of(value(args, option));
                    case "-e", "--event" -> options.event = Path.of(value(args, option));
                    case "--state" -> options.state = Path.of(value(args, option));
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (!Files.exists(options.template)) {
                throw new IllegalArgumentException("no template at " + options.template.toAbsolutePath()
                        + "; run from the repository root or pass --template");
            }
            return options;
        }

        OfflineStack.Builder stack() {
            return OfflineStack.builder().template(template).parameterOverrides(parameters)
                    .concurrencyLimit(concurrency);
        }

        private static String value(Deque<String> args, String option) {
            String value = args.poll();
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }
}

package io.github.clarifais3sync.offline;

import io.github.clarifais3sync.config.Setting;
import io.github.clarifais3sync.local.aws.AwsGateway;
import io.github.clarifais3sync.local.aws.CloudFormationStacks;
import io.github.clarifais3sync.local.aws.LocalAws;
import io.github.clarifais3sync.local.aws.S3Notification;
import io.github.clarifais3sync.offline.lambda.LambdaFunction;
import io.github.clarifais3sync.offline.lambda.LambdaFunction.Invocation;
import io.github.clarifais3sync.offline.monitor.LineTee;
import io.github.clarifais3sync.offline.monitor.MetricsCollector;
import io.github.clarifais3sync.offline.sources.AsyncInvoker;
import io.github.clarifais3sync.offline.sources.S3EventBridgeRouter;
import io.github.clarifais3sync.offline.sources.S3NotificationRouter;
import io.github.clarifais3sync.offline.sources.S3NotificationRouter.Subscription;
import io.github.clarifais3sync.offline.sources.ScheduleEventSource;
import io.github.clarifais3sync.offline.sources.SqsEventSource;
import io.github.clarifais3sync.offline.template.PolicyDocuments;
import io.github.clarifais3sync.offline.template.Specs.FunctionSpec;
import io.github.clarifais3sync.offline.template.Specs.ScheduleEventSpec;
import io.github.clarifais3sync.offline.template.Specs.SqsEventSpec;
import io.github.clarifais3sync.offline.template.TemplateException;
import io.github.clarifais3sync.offline.template.TemplateModel;
import io.github.clarifais3sync.offline.template.TemplateParameters;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole pipeline in this JVM: the AWS emulators, the Inputs API, the template's resources created in them, its
 * functions built from their {@code Handler}s with the environment the template gives them, and their event sources
 * (S3 notifications, SQS event source mappings, schedules) wired from the template's {@code Events}, the buckets'
 * notification configurations and its EventBridge rules.
 */
public final class OfflineStack implements AutoCloseable {

    /**
     * Concurrent invocations of all functions, as a new AWS account's concurrency quota (10); see
     * {@link Builder#concurrencyLimit(int)}.
     */
    public static final int DEFAULT_CONCURRENCY_LIMIT = 10;
    /** The Clarifai secret's name reaches the functions through this variable (the functions' contract). */
    static final String API_KEY_SECRET_VARIABLE = "CLARIFAI_API_KEY_SECRET";

    private final LocalAws aws;
    private final InputsApiEndpoint inputsApi;
    private final TemplateModel model;
    private final Map<String, LambdaFunction> functions = new LinkedHashMap<>();
    private final List<AutoCloseable> sources = new ArrayList<>();
    private final CopyOnWriteArrayList<Consumer<Invocation>> listeners = new CopyOnWriteArrayList<>();
    private final SqsClient sqs;
    private AsyncInvoker asyncInvoker;
    private int unreservedConcurrency;
    private final List<ScheduleEventSource> schedules = new ArrayList<>();
    private MetricsCollector metrics;
    private LineTee standardOutput;

    private OfflineStack(LocalAws aws, InputsApiEndpoint inputsApi, TemplateModel model) {
        this.aws = aws;
        this.inputsApi = inputsApi;
        this.model = model;
        this.sqs = aws.sqsClient();
    }

    /** Collects the metrics in what the functions print, from now on; needs the resources provisioned. */
    private void collectMetrics() {
        Map<String, String> environment = model.functions().isEmpty()
                ? Map.of()
                : model.environment(model.functions().get(0));
        metrics = new MetricsCollector(
                environment.getOrDefault(Setting.METRICS_NAMESPACE.name(), Setting.METRICS_NAMESPACE.defaultValue()),
                environment.getOrDefault(Setting.METRICS_SERVICE.name(), Setting.METRICS_SERVICE.defaultValue()));
        standardOutput = LineTee.install(metrics);
    }

    public static Builder builder() {
        return new Builder();
    }

    public LocalAws aws() {
        return aws;
    }

    public InputsApiEndpoint inputsApi() {
        return inputsApi;
    }

    public TemplateModel model() {
        return model;
    }

    public LambdaFunction function(String logicalId) {
        LambdaFunction function = functions.get(logicalId);
        if (function == null) {
            throw new TemplateException("no function " + logicalId + "; functions: " + functions.keySet());
        }
        return function;
    }

    public Map<String, LambdaFunction> functions() {
        return Map.copyOf(functions);
    }

    /**
     * The metrics the functions emitted: their EMF lines on standard output, collected as CloudWatch would from the
     * stack's log groups.
     */
    public MetricsCollector metrics() {
        return metrics;
    }

    /** Every invocation of every function, as it ends. */
    public void onInvocation(Consumer<Invocation> listener) {
        listeners.add(listener);
    }

    /**
     * The bucket the functions' S3 events subscribe to (the first, if several), or else the existing bucket the
     * EventBridge rules follow.
     */
    public String bucketName() {
        return model.functions().stream()
                .flatMap(function -> function.s3Events().stream())
                .map(event -> model.bucket(event.bucketLogicalId()).bucketName())
                .findFirst()
                .or(() -> model.existingBucketNames().stream().findFirst())
                .orElseGet(() -> model.buckets().get(0).bucketName());
    }

    public String tableName() {
        return model.tables().get(0).tableName();
    }

    /** Fires every schedule once now, as if its next tick had come. */
    public void fireSchedules() {
        schedules.forEach(ScheduleEventSource::fire);
    }

    /** True when no S3 notification is on its way and no asynchronous invocation is queued or retrying. */
    public boolean asyncIdle() throws InterruptedException, TimeoutException {
        aws.gateway().awaitS3Events(Duration.ofSeconds(10));
        return asyncInvoker == null || asyncInvoker.inFlight() == 0;
    }

    /**
     * What a function sees as its environment besides the template's variables: the emulators' endpoint and
     * credentials, and the variables the Lambda runtime reserves
     * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html), which the template cannot override.
     */
    static Map<String, String> functionEnvironment(
            TemplateModel model, FunctionSpec function, Map<String, String> awsEnvironment) {
        Map<String, String> environment = new LinkedHashMap<>(model.environment(function));
        environment.putAll(awsEnvironment);
        environment.put("AWS_LAMBDA_FUNCTION_NAME", function.functionName());
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(function.memorySize()));
        // Triggers invoke the alias (the version it points to) when the template publishes one; SnapStart initializes
        // that version for its snapshot, which the functions' priming reads from AWS_LAMBDA_INITIALIZATION_TYPE.
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", function.alias() == null ? "$LATEST" : "1");
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", function.snapStart() ? "snap-start" : "on-demand");
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.functionName());
        environment.put("AWS_LAMBDA_LOG_FORMAT", function.logFormat().toUpperCase(java.util.Locale.ROOT));
        if (function.logLevel() != null) {
            environment.put("AWS_LAMBDA_LOG_LEVEL", function.logLevel());
        }
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        return environment;
    }

    /** The ARN its triggers invoke: the alias's when the template publishes one. */
    static String functionArn(TemplateModel model, FunctionSpec function) {
        return "arn:aws:lambda:" + model.region() + ":" + model.accountId() + ":function:" + function.functionName()
                + (function.alias() == null ? "" : ":" + function.alias());
    }

    /**
     * The AWS part of the function's environment: with IAM enforced, the key of an IAM user holding exactly the
     * function's policies, as Lambda hands a function its execution role's credentials; else the admin key.
     */
    private Map<String, String> credentials(FunctionSpec spec) throws IOException, InterruptedException {
        if (!aws.enforcesIam()) {
            return aws.environment();
        }
        return aws.environment(aws.addUser(spec.functionName(), PolicyDocuments.of(model, spec)));
    }

    private void createFunctions(ClassLoader loader, int concurrencyLimit) throws IOException, InterruptedException {
        int reserved = model.functions().stream()
                .map(FunctionSpec::reservedConcurrency)
                .filter(Objects::nonNull)
                .mapToInt(Integer::intValue)
                .sum();
        if (reserved >= concurrencyLimit) {
            throw new TemplateException("reserved concurrency (" + reserved + ") leaves nothing of the concurrency "
                    + "limit (" + concurrencyLimit + ") for the other functions");
        }
        unreservedConcurrency = concurrencyLimit - reserved;
        Semaphore unreserved = new Semaphore(unreservedConcurrency, true);
        for (FunctionSpec spec : model.functions()) {
            LambdaFunction function = new LambdaFunction(
                    spec,
                    functionEnvironment(model, spec, credentials(spec)),
                    functionArn(model, spec),
                    loader,
                    unreserved);
            function.onInvocation(invocation -> listeners.forEach(listener -> listener.accept(invocation)));
            functions.put(spec.logicalId(), function);
        }
    }

    private void startEventSources(Duration scheduleEvery, Duration asyncRetryDelay) {
        asyncInvoker = new AsyncInvoker(
                (queue, body) -> sqs.sendMessage(
                        request -> request.queueUrl(model.queueUrl(queue)).messageBody(body)),
                function -> functionArn(model, function.spec()),
                asyncRetryDelay,
                unreservedConcurrency);
        sources.add(asyncInvoker);
        List<Subscription> subscriptions = new ArrayList<>();
        for (LambdaFunction function : functions.values()) {
            FunctionSpec spec = function.spec();
            spec.s3Events()
                    .forEach(event -> subscriptions.add(new Subscription(
                            function,
                            event,
                            model.bucket(event.bucketLogicalId()).bucketName())));
            for (SqsEventSpec event : spec.sqsEvents()) {
                SqsEventSource source = new SqsEventSource(
                        event,
                        model.queueUrl(event.queueLogicalId()),
                        model.queueArn(event.queueLogicalId()),
                        model.region(),
                        sqs,
                        function);
                sources.add(source);
                source.start();
            }
            for (ScheduleEventSpec event : spec.schedules()) {
                Duration period = scheduleEvery != null ? scheduleEvery : event.rate();
                if (period == null) {
                    Log.warn(
                            "schedule.not-started",
                            "function",
                            spec.logicalId(),
                            "expression",
                            event.expression(),
                            "reason",
                            "only rate() runs locally; pass a schedule period");
                    continue;
                }
                ScheduleEventSource source = new ScheduleEventSource(
                        function, event, period, model.region(), model.accountId(), asyncInvoker);
                sources.add(source);
                schedules.add(source);
                source.start();
            }
        }
        S3NotificationRouter router = new S3NotificationRouter(subscriptions, asyncInvoker);
        List<S3EventBridgeRouter.Subscription> rules = model.rules().stream()
                .map(rule -> new S3EventBridgeRouter.Subscription(
                        rule,
                        rule.targetFunctionIds().stream().map(this::function).toList()))
                .toList();
        Set<String> warnedOff = ConcurrentHashMap.newKeySet();
        S3EventBridgeRouter eventBridgeRouter = rules.isEmpty()
                ? null
                : new S3EventBridgeRouter(
                        rules,
                        asyncInvoker,
                        bucket -> {
                            boolean on = aws.gateway().eventBridgeEnabled(bucket);
                            if (!on && warnedOff.add(bucket)) {
                                Log.warn(
                                        "eventbridge-source.off",
                                        "bucket",
                                        bucket,
                                        "hint",
                                        "S3 sends the bucket's events to "
                                                + "EventBridge only once that is turned on: aws s3api put-bucket-notification-"
                                                + "configuration (docs/existing-bucket.md)");
                            }
                            return on;
                        },
                        model.accountId(),
                        model.region());
        aws.onS3Event((S3Notification notification) -> {
            router.route(notification.bucket(), notification.key(), notification.eventName(), notification.json());
            if (eventBridgeRouter != null) {
                eventBridgeRouter.route(notification.bucket(), notification.key(), notification.json());
            }
        });
    }

    @Override
    public void close() {
        List<AutoCloseable> reversed = new ArrayList<>(sources);
        java.util.Collections.reverse(reversed);
        for (AutoCloseable source : reversed) {
            closeQuietly(source);
        }
        functions.values().forEach(LambdaFunction::close);
        if (standardOutput != null) {
            standardOutput.uninstall();
        }
        closeQuietly(sqs);
        closeQuietly(inputsApi);
        closeQuietly(aws);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            Log.warn("stack.close-failed", "component", closeable.getClass().getSimpleName(), "error", e.toString());
        }
    }

    /** How to start a stack; everything but the template has a default. */
    public static final class Builder {
        private Path template = Path.of("template.yaml");
        private String stackName = "clarifai-s3-sync";
        private final Map<String, String> parameterOverrides = new LinkedHashMap<>();
        private Duration scheduleEvery;
        private Duration asyncRetryDelay = Duration.ofSeconds(1);
        private int gatewayPort;
        private boolean eventSources = true;
        private Supplier<InputsApiEndpoint> inputsApi;
        private ClassLoader functionsClassLoader = OfflineStack.class.getClassLoader();
        private int concurrencyLimit = DEFAULT_CONCURRENCY_LIMIT;
        private boolean enforceIam = LocalAws.iamSwitchedOn();

        public Builder template(Path template) {
            this.template = template;
            return this;
        }

        public Builder stackName(String stackName) {
            this.stackName = stackName;
            return this;
        }

        /** Like {@code sam deploy --parameter-overrides}; applied over the local Inputs API's settings. */
        public Builder parameterOverrides(Map<String, String> overrides) {
            this.parameterOverrides.putAll(overrides);
            return this;
        }

        /** Fires schedules at this period instead of the template's rate. */
        public Builder scheduleEvery(Duration period) {
            this.scheduleEvery = period;
            return this;
        }

        /** First delay between asynchronous retries (AWS: about a minute), doubling for each further retry. */
        public Builder asyncRetryDelay(Duration delay) {
            this.asyncRetryDelay = delay;
            return this;
        }

        /** The edge endpoint's port; 0 (default) for any free port. */
        public Builder gatewayPort(int port) {
            this.gatewayPort = port;
            return this;
        }

        /** Without event sources nothing triggers the functions: only direct invocations run them. */
        public Builder eventSources(boolean enabled) {
            this.eventSources = enabled;
            return this;
        }

        public Builder inputsApi(Supplier<InputsApiEndpoint> inputsApi) {
            this.inputsApi = inputsApi;
            return this;
        }

        public Builder functionsClassLoader(ClassLoader loader) {
            this.functionsClassLoader = loader;
            return this;
        }

        /**
         * The account's concurrency limit: invocations of all functions at once, reserved concurrency included (AWS
         * defaults to 1,000; new accounts may get 10). Each concurrent invocation is an execution environment with its
         * own SDK clients and connections, so this also bounds the stack's open connections.
         */
        public Builder concurrencyLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("the concurrency limit must be at least 1");
            }
            this.concurrencyLimit = limit;
            return this;
        }

        /**
         * Whether each function gets credentials bound to its template policies and the emulators refuse what those do
         * not allow (default: on, unless {@value LocalAws#IAM_SWITCH} is {@code off}).
         */
        public Builder enforceIam(boolean enabled) {
            this.enforceIam = enabled;
            return this;
        }

        public OfflineStack start() throws Exception {
            Objects.requireNonNull(inputsApi, "inputsApi");
            LocalAws aws = LocalAws.start(gatewayPort, AwsGateway.Limits.DEFAULT, enforceIam);
            InputsApiEndpoint api = null;
            try {
                api = inputsApi.get();
                TemplateModel model = TemplateModel.load(
                        template, stackName, LocalAws.ACCOUNT_ID, aws.region().id(), overrides(template, api));
                OfflineStack stack = new OfflineStack(aws, api, model);
                try {
                    stack.provision();
                    stack.publishStack();
                    stack.collectMetrics();
                    stack.createFunctions(functionsClassLoader, concurrencyLimit);
                    if (eventSources) {
                        stack.startEventSources(scheduleEvery, asyncRetryDelay);
                    }
                    return stack;
                } catch (Exception | Error e) {
                    stack.close();
                    throw e;
                }
            } catch (Exception | Error e) {
                if (api != null) {
                    api.close();
                }
                aws.close();
                throw e;
            }
        }

        private Map<String, String> overrides(Path template, InputsApiEndpoint api) throws Exception {
            Map<String, Object> declared = TemplateParameters.declared(template);
            Map<String, String> overrides = new LinkedHashMap<>();
            Map<String, String> local = Map.of(
                    "ClarifaiApiBaseUrl", api.baseUrl(), "ClarifaiUserId", api.userId(), "ClarifaiAppId", api.appId());
            local.forEach((name, value) -> {
                if (declared.containsKey(name)) {
                    overrides.put(name, value);
                }
            });
            overrides.putAll(parameterOverrides);
            return overrides;
        }
    }

    /**
     * Answers CloudFormation's DescribeStacks for this stack on the gateway, with the template's parameters and
     * resolved outputs, so that tools which find a stack by name (./clarifai-sync --stack) find this one.
     */
    private void publishStack() {
        Map<String, String> parameters = new LinkedHashMap<>();
        model.parameters().forEach((name, value) -> {
            if (!name.startsWith("AWS::")) {
                parameters.put(name, value);
            }
        });
        CloudFormationStacks stacks = new CloudFormationStacks();
        stacks.put(CloudFormationStacks.Stack.of(
                model.stackName(), model.region(), model.accountId(), parameters, model.outputs()));
        aws.gateway().serve("cloudformation", stacks);
    }

    private void provision() {
        Provisioner provisioner = new Provisioner(model);
        try (var s3 = aws.s3Client();
                var dynamoDb = aws.dynamoDbClient();
                var secretsManager = aws.secretsManagerClient()) {
            provisioner.createBuckets(s3);
            provisioner.createExistingBuckets(s3);
            provisioner.createQueues(sqs);
            provisioner.createTables(dynamoDb);
            model.functions().stream()
                    .map(model::environment)
                    .map(environment -> environment.get(API_KEY_SECRET_VARIABLE))
                    .filter(Objects::nonNull)
                    .distinct()
                    .forEach(secret -> provisioner.createSecret(secretsManager, secret, inputsApi.apiKey()));
        }
    }
}

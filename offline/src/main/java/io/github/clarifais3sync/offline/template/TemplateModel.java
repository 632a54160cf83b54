package io.github.clarifais3sync.offline.template;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.clarifais3sync.offline.template.Specs.AsyncInvokeSpec;
import io.github.clarifais3sync.offline.template.Specs.BucketSpec;
import io.github.clarifais3sync.offline.template.Specs.EventRuleSpec;
import io.github.clarifais3sync.offline.template.Specs.FunctionSpec;
import io.github.clarifais3sync.offline.template.Specs.IndexSpec;
import io.github.clarifais3sync.offline.template.Specs.KeyElement;
import io.github.clarifais3sync.offline.template.Specs.KeyFilterRule;
import io.github.clarifais3sync.offline.template.Specs.QueueSpec;
import io.github.clarifais3sync.offline.template.Specs.S3EventSpec;
import io.github.clarifais3sync.offline.template.Specs.ScheduleEventSpec;
import io.github.clarifais3sync.offline.template.Specs.SqsEventSpec;
import io.github.clarifais3sync.offline.template.Specs.TableSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wiring of a SAM template as the offline stack reproduces it: functions with their events, queues, tables and
 * buckets, with parameters resolved from their defaults plus local overrides and resources given local names.
 * Physical names follow CloudFormation's {@code <stack>-<LogicalId>} pattern without its random suffix.
 */
public final class TemplateModel {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RATE =
            Pattern.compile("rate\\(\\s*(\\d+)\\s+(minute|minutes|hour|hours|day|days)\\s*\\)");

    private final Path path;
    private final String stackName;
    private final String accountId;
    private final String region;
    private final Map<String, String> parameters;
    private final Map<String, Map<String, Object>> resources;
    private final Map<String, Object> outputs;
    private final Resources localResources;
    private final Intrinsics intrinsics;
    private final Map<String, Object> globalFunction;
    private final List<FunctionSpec> functions = new ArrayList<>();
    private final List<QueueSpec> queues = new ArrayList<>();
    private final List<TableSpec> tables = new ArrayList<>();
    private final List<BucketSpec> buckets = new ArrayList<>();
    private final List<EventRuleSpec> rules = new ArrayList<>();

    private TemplateModel(
            Path path,
            Map<String, Object> document,
            String stackName,
            String accountId,
            String region,
            Map<String, String> overrides) {
        this.path = path;
        this.stackName = stackName;
        this.accountId = accountId;
        this.region = region;
        this.parameters = resolveParameters(map(document.get("Parameters")), overrides);
        this.parameters.putAll(Map.of(
                "AWS::AccountId",
                accountId,
                "AWS::Region",
                region,
                "AWS::StackName",
                stackName,
                "AWS::StackId",
                "arn:aws:cloudformation:" + region + ":" + accountId + ":stack/" + stackName + "/local",
                "AWS::Partition",
                "aws",
                "AWS::URLSuffix",
                "amazonaws.com"));
        this.resources = new LinkedHashMap<>();
        map(document.get("Resources")).forEach((id, resource) -> resources.put(id, map(resource)));
        this.outputs = map(document.get("Outputs"));
        this.localResources = new Resources();
        this.intrinsics = new Intrinsics(
                parameters, map(document.get("Conditions")), map(document.get("Mappings")), localResources);
        this.globalFunction = map(map(document.get("Globals")).get("Function"));
        resources
                .entrySet()
                .removeIf(entry -> entry.getValue().containsKey("Condition")
                        && !intrinsics.condition(String.valueOf(entry.getValue().get("Condition"))));
        resources.forEach(this::readResource);
        resources.forEach(this::attachBucketNotifications);
        for (FunctionSpec function : functions) {
            function.s3Events().forEach(event -> bucket(event.bucketLogicalId()));
            for (SqsEventSpec event : function.sqsEvents()) {
                // Lambda refuses an SQS mapping whose function Timeout exceeds the queue's visibility timeout
                // (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
                if (function.timeoutSeconds() > queue(event.queueLogicalId()).visibilityTimeoutSeconds()) {
                    throw new TemplateException(function.logicalId() + " Timeout " + function.timeoutSeconds()
                            + " s exceeds the VisibilityTimeout of " + event.queueLogicalId());
                }
            }
        }
    }

    /**
     * @param overrides parameter values that replace the template's defaults, like {@code sam deploy
     *                  --parameter-overrides}
     */
    public static TemplateModel load(
            Path template, String stackName, String accountId, String region, Map<String, String> overrides)
            throws IOException {
        return new TemplateModel(template, CloudFormationYaml.load(template), stackName, accountId, region, overrides);
    }

    public Path path() {
        return path;
    }

    public String stackName() {
        return stackName;
    }

    public String accountId() {
        return accountId;
    }

    public String region() {
        return region;
    }

    public Map<String, String> parameters() {
        return Map.copyOf(parameters);
    }

    public List<FunctionSpec> functions() {
        return List.copyOf(functions);
    }

    public FunctionSpec function(String logicalId) {
        return functions.stream()
                .filter(function -> function.logicalId().equals(logicalId))
                .findFirst()
                .orElseThrow(() -> new TemplateException("no function " + logicalId + " in " + path + "; functions: "
                        + functions.stream().map(FunctionSpec::logicalId).toList()));
    }

    public List<QueueSpec> queues() {
        return List.copyOf(queues);
    }

    public QueueSpec queue(String logicalId) {
        return queues.stream()
                .filter(queue -> queue.logicalId().equals(logicalId))
                .findFirst()
                .orElseThrow(() -> new TemplateException("no queue " + logicalId));
    }

    public List<TableSpec> tables() {
        return List.copyOf(tables);
    }

    public List<BucketSpec> buckets() {
        return List.copyOf(buckets);
    }

    /** The EventBridge rules that target the template's functions. */
    public List<EventRuleSpec> rules() {
        return List.copyOf(rules);
    }

    /**
     * Buckets the stack follows but does not create: those named in its EventBridge rules' patterns (an existing
     * bucket, {@code ExistingBucketName}).
     */
    public List<String> existingBucketNames() {
        List<String> own = buckets.stream().map(BucketSpec::bucketName).toList();
        return rules.stream()
                .flatMap(rule -> rule.bucketNames().stream())
                .filter(name -> !own.contains(name))
                .distinct()
                .toList();
    }

    public BucketSpec bucket(String logicalId) {
        return buckets.stream()
                .filter(bucket -> bucket.logicalId().equals(logicalId))
                .findFirst()
                .orElseThrow(() -> new TemplateException("no bucket " + logicalId));
    }

    /** Records where a queue really lives once it is created: {@code Ref} gives its URL, {@code Arn} this ARN. */
    public void registerQueue(String logicalId, String url, String arn) {
        localResources.queueUrls.put(logicalId, url);
        localResources.queueArns.put(logicalId, arn);
    }

    /** The function's environment variables, Globals merged in, every intrinsic resolved to local names. */
    public Map<String, String> environment(FunctionSpec function) {
        Map<String, String> environment = new LinkedHashMap<>();
        function.rawEnvironment().forEach((name, value) -> environment.put(name, intrinsics.resolveString(value)));
        return environment;
    }

    /**
     * The function's {@code Policies} (Globals merged in), every intrinsic resolved, as {@link PolicyDocuments} reads
     * them: policy template maps, inline policy documents, and names of other policies; a reference to an
     * {@code AWS::IAM::ManagedPolicy} of this template is replaced by its {@code PolicyDocument}.
     */
    public List<Object> policies(FunctionSpec function) {
        Map<String, Object> properties =
                merge(globalFunction, map(resources.get(function.logicalId()).get("Properties")));
        List<Object> policies = new ArrayList<>();
        for (Object policy : list(intrinsics.resolve(properties.get("Policies")))) {
            policies.add(resources.keySet().stream()
                    .filter(id -> localResources.type(id).equals("AWS::IAM::ManagedPolicy")
                            && localResources.physicalName(id).equals(policy))
                    .findFirst()
                    .<Object>map(id -> intrinsics.resolve(
                            map(resources.get(id).get("Properties")).get("PolicyDocument")))
                    .orElse(policy));
        }
        return policies;
    }

    /** The template's Outputs, resolved locally. */
    public Map<String, String> outputs() {
        Map<String, String> resolved = new LinkedHashMap<>();
        outputs.forEach((name, output) -> {
            Map<String, Object> body = map(output);
            if (!body.containsKey("Condition") || intrinsics.condition(String.valueOf(body.get("Condition")))) {
                resolved.put(name, intrinsics.resolveString(body.get("Value")));
            }
        });
        return resolved;
    }

    public String queueArn(String logicalId) {
        return String.valueOf(localResources.attribute(logicalId, "Arn"));
    }

    public String queueUrl(String logicalId) {
        return String.valueOf(localResources.ref(logicalId));
    }

    private void readResource(String logicalId, Map<String, Object> resource) {
        Map<String, Object> properties = map(resource.get("Properties"));
        switch (String.valueOf(resource.get("Type"))) {
            case "AWS::Serverless::Function" ->
                functions.add(readFunction(logicalId, merge(globalFunction, properties)));
            case "AWS::SQS::Queue" -> queues.add(readQueue(logicalId, properties));
            case "AWS::DynamoDB::Table" -> tables.add(readTable(logicalId, properties));
            case "AWS::S3::Bucket" -> buckets.add(new BucketSpec(logicalId, localResources.physicalName(logicalId)));
            case "AWS::Events::Rule" -> readRule(logicalId, properties);
            default -> {
                // Policies, alarms and the like have no local counterpart.
            }
        }
    }

    private FunctionSpec readFunction(String logicalId, Map<String, Object> properties) {
        Map<String, Object> logging = map(intrinsics.resolve(properties.get("LoggingConfig")));
        List<S3EventSpec> s3Events = new ArrayList<>();
        List<SqsEventSpec> sqsEvents = new ArrayList<>();
        List<ScheduleEventSpec> schedules = new ArrayList<>();
        map(properties.get("Events")).forEach((name, raw) -> {
            Map<String, Object> event = map(raw);
            Map<String, Object> eventProperties = map(event.get("Properties"));
            String type = String.valueOf(event.get("Type"));
            switch (type) {
                case "S3" -> s3Events.add(readS3Event(name, eventProperties));
                case "SQS" -> sqsEvents.add(readSqsEvent(name, eventProperties));
                case "Schedule", "ScheduleV2" -> schedules.add(readSchedule(name, type, eventProperties));
                default ->
                    throw new TemplateException(
                            logicalId + " event " + name + ": type " + type + " has no local event source");
            }
        });
        return new FunctionSpec(
                logicalId,
                localResources.physicalName(logicalId),
                Objects.requireNonNull(string(properties.get("Handler")), logicalId + " has no Handler"),
                integer(properties.get("Timeout"), 3),
                integer(properties.get("MemorySize"), 128),
                properties.containsKey("ReservedConcurrentExecutions")
                        ? integer(properties.get("ReservedConcurrentExecutions"), 0)
                        : null,
                Objects.toString(logging.get("LogFormat"), "Text"),
                Objects.toString(logging.get("ApplicationLogLevel"), null),
                map(map(properties.get("Environment")).get("Variables")),
                readAsyncInvoke(properties),
                s3Events,
                sqsEvents,
                schedules,
                string(properties.get("AutoPublishAlias")),
                "PublishedVersions"
                        .equals(string(map(properties.get("SnapStart")).get("ApplyOn"))));
    }

    /**
     * A bucket's {@code NotificationConfiguration.LambdaConfigurations}, written as plain CloudFormation (a conditional
     * bucket cannot use SAM's {@code Type: S3} events): each becomes an S3 event of the function it names.
     */
    private void attachBucketNotifications(String logicalId, Map<String, Object> resource) {
        if (!"AWS::S3::Bucket".equals(String.valueOf(resource.get("Type")))) {
            return;
        }
        Map<String, Object> notifications = map(map(resource.get("Properties")).get("NotificationConfiguration"));
        List<Object> configurations = list(notifications.get("LambdaConfigurations"));
        for (int i = 0; i < configurations.size(); i++) {
            Map<String, Object> configuration = map(configurations.get(i));
            String functionId = logicalIdOf(configuration.get("Function"));
            List<KeyFilterRule> keyRules = new ArrayList<>();
            for (Object rule : list(
                    map(map(intrinsics.resolve(configuration.get("Filter"))).get("S3Key"))
                            .get("Rules"))) {
                Map<String, Object> body = map(rule);
                keyRules.add(new KeyFilterRule(String.valueOf(body.get("Name")), String.valueOf(body.get("Value"))));
            }
            S3EventSpec event = new S3EventSpec(
                    logicalId + ".LambdaConfigurations[" + i + "]",
                    logicalId,
                    List.of(string(configuration.get("Event"))),
                    keyRules);
            int index = functions.indexOf(function(functionId));
            FunctionSpec f = functions.get(index);
            List<S3EventSpec> events = new ArrayList<>(f.s3Events());
            events.add(event);
            functions.set(index, f.withS3Events(events));
        }
    }

    /** An EventBridge rule; the pattern may be a JSON string (as {@code !Sub} builds it) or an object. */
    private void readRule(String logicalId, Map<String, Object> properties) {
        Object pattern = intrinsics.resolve(properties.get("EventPattern"));
        Map<String, Object> parsed;
        if (pattern instanceof String text) {
            try {
                parsed = map(JSON.readValue(text, Map.class));
            } catch (IOException e) {
                throw new TemplateException(logicalId + " EventPattern is not JSON: " + e.getMessage());
            }
        } else {
            parsed = map(pattern);
        }
        if (properties.containsKey("State") && !"ENABLED".equals(string(properties.get("State")))) {
            return;
        }
        List<String> targets = new ArrayList<>();
        String deadLetterQueue = null;
        for (Object raw : list(properties.get("Targets"))) {
            Map<String, Object> target = map(raw);
            String targetId = logicalIdOf(target.get("Arn"));
            if (!"AWS::Serverless::Function".equals(localResources.type(targetId))) {
                throw new TemplateException(logicalId + " targets " + targetId + "; the offline stack delivers "
                        + "EventBridge events to functions only");
            }
            targets.add(targetId);
            Map<String, Object> deadLetter = map(target.get("DeadLetterConfig"));
            if (deadLetter.containsKey("Arn")) {
                deadLetterQueue = logicalIdOf(deadLetter.get("Arn"));
            }
        }
        rules.add(new EventRuleSpec(logicalId, parsed, targets, deadLetterQueue));
    }

    private AsyncInvokeSpec readAsyncInvoke(Map<String, Object> properties) {
        if (!properties.containsKey("EventInvokeConfig")) {
            return AsyncInvokeSpec.DEFAULT;
        }
        Map<String, Object> config = map(properties.get("EventInvokeConfig"));
        Map<String, Object> onFailure = map(map(config.get("DestinationConfig")).get("OnFailure"));
        return new AsyncInvokeSpec(
                integer(config.get("MaximumRetryAttempts"), 2),
                integer(config.get("MaximumEventAgeInSeconds"), 21600),
                string(onFailure.get("Type")),
                onFailure.containsKey("Destination") ? logicalIdOf(onFailure.get("Destination")) : null);
    }

    private S3EventSpec readS3Event(String name, Map<String, Object> properties) {
        Object events = intrinsics.resolve(properties.get("Events"));
        List<String> patterns = events instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : List.of(String.valueOf(events));
        List<KeyFilterRule> rules = new ArrayList<>();
        for (Object rule :
                list(map(map(intrinsics.resolve(properties.get("Filter"))).get("S3Key"))
                        .get("Rules"))) {
            Map<String, Object> body = map(rule);
            rules.add(new KeyFilterRule(String.valueOf(body.get("Name")), String.valueOf(body.get("Value"))));
        }
        return new S3EventSpec(name, logicalIdOf(properties.get("Bucket")), patterns, rules);
    }

    private SqsEventSpec readSqsEvent(String name, Map<String, Object> properties) {
        int batchSize = integer(properties.get("BatchSize"), 10);
        int window = integer(properties.get("MaximumBatchingWindowInSeconds"), 0);
        // https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html: BatchSize above 10 requires a
        // batching window of at least 1 s; Lambda refuses to create such a mapping.
        if (batchSize < 1 || batchSize > 10_000 || (batchSize > 10 && window < 1) || window > 300) {
            throw new TemplateException("SQS event " + name + ": BatchSize " + batchSize + " with MaximumBatchingWindow"
                    + "InSeconds " + window + " is refused by Lambda");
        }
        Object responseTypes = intrinsics.resolve(properties.get("FunctionResponseTypes"));
        Object concurrency =
                map(intrinsics.resolve(properties.get("ScalingConfig"))).get("MaximumConcurrency");
        return new SqsEventSpec(
                name,
                logicalIdOf(properties.get("Queue")),
                batchSize,
                window,
                list(responseTypes).contains("ReportBatchItemFailures"),
                concurrency == null ? null : integer(concurrency, 2),
                bool(properties.get("Enabled"), true));
    }

    private ScheduleEventSpec readSchedule(String name, String type, Map<String, Object> properties) {
        String expression = string(properties.get("Schedule".equals(type) ? "Schedule" : "ScheduleExpression"));
        Duration rate = null;
        Matcher matcher = RATE.matcher(expression == null ? "" : expression.trim());
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            rate = switch (matcher.group(2)) {
                case "minute", "minutes" -> Duration.ofMinutes(amount);
                case "hour", "hours" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        boolean enabled = properties.containsKey("State")
                ? "ENABLED".equals(string(properties.get("State")))
                : bool(properties.get("Enabled"), true);
        return new ScheduleEventSpec(name, type, expression, rate, string(properties.get("Input")), enabled);
    }

    private QueueSpec readQueue(String logicalId, Map<String, Object> properties) {
        Map<String, Object> redrive = map(properties.get("RedrivePolicy"));
        return new QueueSpec(
                logicalId,
                localResources.physicalName(logicalId),
                bool(properties.get("FifoQueue"), false),
                integer(properties.get("VisibilityTimeout"), 30),
                integer(properties.get("MessageRetentionPeriod"), 345600),
                integer(properties.get("DelaySeconds"), 0),
                redrive.containsKey("deadLetterTargetArn") ? logicalIdOf(redrive.get("deadLetterTargetArn")) : null,
                integer(redrive.get("maxReceiveCount"), 0));
    }

    private TableSpec readTable(String logicalId, Map<String, Object> raw) {
        Map<String, Object> properties = map(intrinsics.resolve(raw));
        Map<String, String> attributeTypes = new LinkedHashMap<>();
        for (Object definition : list(properties.get("AttributeDefinitions"))) {
            Map<String, Object> body = map(definition);
            attributeTypes.put(String.valueOf(body.get("AttributeName")), String.valueOf(body.get("AttributeType")));
        }
        List<IndexSpec> indexes = new ArrayList<>();
        for (Object index : list(properties.get("GlobalSecondaryIndexes"))) {
            Map<String, Object> body = map(index);
            Map<String, Object> projection = map(body.get("Projection"));
            indexes.add(new IndexSpec(
                    String.valueOf(body.get("IndexName")),
                    keySchema(body.get("KeySchema")),
                    Objects.toString(projection.get("ProjectionType"), "ALL"),
                    list(projection.get("NonKeyAttributes")).stream()
                            .map(String::valueOf)
                            .toList()));
        }
        Map<String, Object> ttl = map(properties.get("TimeToLiveSpecification"));
        return new TableSpec(
                logicalId,
                localResources.physicalName(logicalId),
                Objects.toString(properties.get("BillingMode"), "PROVISIONED"),
                keySchema(properties.get("KeySchema")),
                attributeTypes,
                indexes,
                bool(ttl.get("Enabled"), false) ? string(ttl.get("AttributeName")) : null);
    }

    private static List<KeyElement> keySchema(Object raw) {
        List<KeyElement> elements = new ArrayList<>();
        for (Object element : list(raw)) {
            Map<String, Object> body = map(element);
            elements.add(
                    new KeyElement(String.valueOf(body.get("AttributeName")), String.valueOf(body.get("KeyType"))));
        }
        return elements;
    }

    /** The logical id a {@code Ref}, {@code Fn::GetAtt} or ARN/URL/name string points to; a function for its alias. */
    private String logicalIdOf(Object raw) {
        if (raw instanceof Map<?, ?> map && map.size() == 1) {
            Object ref = map.get("Ref");
            if (ref != null && resources.containsKey(String.valueOf(ref))) {
                return String.valueOf(ref);
            }
            Optional<String> aliased =
                    ref == null ? Optional.empty() : localResources.aliasedFunction(String.valueOf(ref));
            if (aliased.isPresent()) {
                return aliased.get();
            }
            if (map.get("Fn::GetAtt") instanceof List<?> getAtt
                    && resources.containsKey(String.valueOf(getAtt.get(0)))) {
                return String.valueOf(getAtt.get(0));
            }
        }
        String value = intrinsics.resolveString(raw);
        return resources.keySet().stream()
                .filter(id -> value.equals(localResources.physicalName(id))
                        || value.endsWith(":" + localResources.physicalName(id))
                        || localResources
                                .alias(id)
                                .filter(alias -> value.endsWith(":" + localResources.physicalName(id) + ":" + alias))
                                .isPresent())
                .findFirst()
                .orElseThrow(() -> new TemplateException(value + " is not a resource of this template; the offline "
                        + "stack only wires resources it creates"));
    }

    private Map<String, String> resolveParameters(Map<String, Object> declared, Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : overrides.keySet()) {
            if (!declared.containsKey(name)) {
                throw new TemplateException("no parameter " + name + " in the template");
            }
        }
        declared.forEach((name, raw) -> {
            Map<String, Object> declaration = map(raw);
            String value = overrides.containsKey(name) ? overrides.get(name) : scalar(declaration.get("Default"));
            if (value == null) {
                throw new TemplateException("parameter " + name + " has no default; pass a value for it");
            }
            checkParameter(name, declaration, value);
            values.put(name, value);
        });
        return values;
    }

    /** The constraints CloudFormation checks before it creates anything. */
    private static void checkParameter(String name, Map<String, Object> declaration, String value) {
        List<Object> allowed = list(declaration.get("AllowedValues"));
        if (!allowed.isEmpty() && allowed.stream().map(String::valueOf).noneMatch(value::equals)) {
            throw new TemplateException("parameter " + name + "=" + value + " is not one of " + allowed);
        }
        Object pattern = declaration.get("AllowedPattern");
        if (pattern != null
                && !Pattern.compile(String.valueOf(pattern)).matcher(value).matches()) {
            throw new TemplateException("parameter " + name + "=" + value + " does not match " + pattern);
        }
        if ("Number".equals(declaration.get("Type"))) {
            double number;
            try {
                number = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new TemplateException("parameter " + name + "=" + value + " is not a number");
            }
            if ((declaration.get("MinValue") instanceof Number min && number < min.doubleValue())
                    || (declaration.get("MaxValue") instanceof Number max && number > max.doubleValue())) {
                throw new TemplateException("parameter " + name + "=" + value + " is out of range");
            }
        }
    }

    /** SAM Globals: maps merge, lists append, scalars are replaced by the function's own value. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> global, Map<String, Object> own) {
        Map<String, Object> merged = new LinkedHashMap<>(global);
        own.forEach((key, value) -> merged.merge(key, value, (left, right) -> {
            if (left instanceof Map<?, ?> leftMap && right instanceof Map<?, ?> rightMap && !isIntrinsic(rightMap)) {
                return merge((Map<String, Object>) leftMap, (Map<String, Object>) rightMap);
            }
            if (left instanceof List<?> leftList && right instanceof List<?> rightList) {
                List<Object> joined = new ArrayList<>(leftList);
                joined.addAll(rightList);
                return joined;
            }
            return right;
        }));
        return merged;
    }

    private static boolean isIntrinsic(Map<?, ?> map) {
        return map.size() == 1
                && map.keySet().stream()
                        .map(String::valueOf)
                        .anyMatch(key -> key.equals("Ref") || key.startsWith("Fn::"));
    }

    private String string(Object raw) {
        return intrinsics.resolveString(raw);
    }

    private int integer(Object raw, int fallback) {
        String value = raw == null ? null : intrinsics.resolveString(raw);
        return value == null ? fallback : Integer.parseInt(value.trim());
    }

    private boolean bool(Object raw, boolean fallback) {
        String value = raw == null ? null : intrinsics.resolveString(raw);
        return value == null ? fallback : Boolean.parseBoolean(value.trim());
    }

    private static String scalar(Object value) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return value == null ? null : String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : value == null ? List.of() : List.of(value);
    }

    /** Local names, URLs and ARNs of the template's resources. */
    private final class Resources implements Intrinsics.Resources {
        private final Map<String, String> queueUrls = new ConcurrentHashMap<>();
        private final Map<String, String> queueArns = new ConcurrentHashMap<>();
        private final Map<String, String> names = new ConcurrentHashMap<>();

        @Override
        public boolean declares(String logicalId) {
            return resources.containsKey(logicalId)
                    || aliasedFunction(logicalId).isPresent();
        }

        /**
         * The function whose {@code AutoPublishAlias} a name stands for: SAM's {@code <Function>.Alias}, or the
         * logical id SAM gives the alias resource, {@code <Function>Alias<alias>}
         * (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources-function.html).
         */
        Optional<String> aliasedFunction(String name) {
            if (name.endsWith(".Alias")) {
                String function = name.substring(0, name.length() - ".Alias".length());
                return alias(function).map(alias -> function);
            }
            return resources.keySet().stream()
                    .filter(id -> alias(id)
                            .filter(alias -> name.equals(id + "Alias" + alias))
                            .isPresent())
                    .findFirst();
        }

        /** A function's {@code AutoPublishAlias}, Globals included. */
        Optional<String> alias(String logicalId) {
            Map<String, Object> resource = resources.get(logicalId);
            if (resource == null || !"AWS::Serverless::Function".equals(String.valueOf(resource.get("Type")))) {
                return Optional.empty();
            }
            Object alias =
                    merge(globalFunction, map(resource.get("Properties"))).get("AutoPublishAlias");
            return Optional.ofNullable(alias == null ? null : string(alias));
        }

        String type(String logicalId) {
            return String.valueOf(resources.get(logicalId).get("Type"));
        }

        String physicalName(String logicalId) {
            String known = names.get(logicalId);
            if (known != null) {
                return known;
            }
            Map<String, Object> properties = map(resources.get(logicalId).get("Properties"));
            String name = switch (type(logicalId)) {
                case "AWS::S3::Bucket" ->
                    Optional.ofNullable(string(properties.get("BucketName")))
                            .orElse((stackName + "-" + logicalId).toLowerCase());
                case "AWS::SQS::Queue" ->
                    Optional.ofNullable(string(properties.get("QueueName")))
                            .orElse(stackName + "-" + logicalId
                                    + (bool(properties.get("FifoQueue"), false) ? ".fifo" : ""));
                case "AWS::DynamoDB::Table" ->
                    Optional.ofNullable(string(properties.get("TableName"))).orElse(stackName + "-" + logicalId);
                case "AWS::Serverless::Function" ->
                    Optional.ofNullable(string(properties.get("FunctionName"))).orElse(stackName + "-" + logicalId);
                default -> stackName + "-" + logicalId;
            };
            names.put(logicalId, name);
            return name;
        }

        @Override
        public Object ref(String logicalId) {
            Optional<String> aliased = aliasedFunction(logicalId);
            if (aliased.isPresent() && !resources.containsKey(logicalId)) {
                // Ref of an AWS::Lambda::Alias is its ARN.
                return attribute(aliased.get(), "Arn") + ":"
                        + alias(aliased.get()).orElseThrow();
            }
            if (type(logicalId).equals("AWS::SQS::Queue")) {
                String url = queueUrls.get(logicalId);
                if (url == null) {
                    throw new TemplateException("queue " + logicalId + " has no local URL before it is created");
                }
                return url;
            }
            return physicalName(logicalId);
        }

        @Override
        public Object attribute(String logicalId, String attribute) {
            String name = physicalName(logicalId);
            String type = type(logicalId);
            return switch (type + "." + attribute) {
                case "AWS::SQS::Queue.Arn" ->
                    queueArns.getOrDefault(logicalId, "arn:aws:sqs:" + region + ":" + accountId + ":" + name);
                case "AWS::SQS::Queue.QueueName" -> name;
                case "AWS::SQS::Queue.QueueUrl" -> ref(logicalId);
                case "AWS::S3::Bucket.Arn" -> "arn:aws:s3:::" + name;
                case "AWS::S3::Bucket.DomainName" -> name + ".s3.amazonaws.com";
                case "AWS::DynamoDB::Table.Arn" -> "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + name;
                case "AWS::Serverless::Function.Arn" ->
                    "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
                case "AWS::IAM::Role.Arn" -> "arn:aws:iam::" + accountId + ":role/" + name;
                case "AWS::Events::Rule.Arn" -> "arn:aws:events:" + region + ":" + accountId + ":rule/" + name;
                default ->
                    throw new TemplateException(
                            "Fn::GetAtt " + logicalId + "." + attribute + " (" + type + ") has no local value");
            };
        }
    }
}

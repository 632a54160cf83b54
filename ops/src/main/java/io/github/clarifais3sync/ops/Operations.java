package io.github.clarifais3sync.ops;

import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.inputs.InputsApiException;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.inputs.StatusCodes;
import io.github.clarifais3sync.ledger.DynamoDbLedger;
import io.github.clarifais3sync.wiring.AwsClients;
import io.github.clarifais3sync.wiring.SecretsManagerApiKey;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What every command works with: the target stack (found by name with CloudFormation), the AWS clients the functions
 * use (region, credentials and endpoint resolved the SDK's usual way, {@code AWS_ENDPOINT_URL} included:
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html), the ledger, and the Clarifai Inputs
 * client with the key from the stack's Secrets Manager secret, read as the functions read it.
 */
public final class Operations implements AutoCloseable {

    /** Budget of one Clarifai call, retries included. */
    static final Duration CALL_BUDGET = Duration.ofMinutes(2);

    private final AwsClients aws;
    private S3Client s3;
    private final StackTarget target;
    private final Clock clock = Clock.systemUTC();
    private DynamoDbLedger ledger;
    private InputsClient inputs;

    Operations(AwsClients aws, StackTarget target) {
        this.aws = aws;
        this.target = target;
    }

    /**
     * Finds the stack and opens the clients; a missing stack, region or credentials is a {@link TargetException}.
     *
     * @param environment the variables the SDK reads (the process's own, or a test's): {@code AWS_REGION},
     *                    {@code AWS_ENDPOINT_URL[_<SERVICE>]}, {@code AWS_ACCESS_KEY_ID}...; what it leaves out the
     *                    SDK's default chains resolve (profiles, SSO, instance roles)
     */
    public static Operations connect(String stackName, Map<String, String> environment) {
        AwsClients.Overrides overrides = AwsClients.Overrides.fromEnvironment(environment);
        AwsClients aws = new AwsClients(overrides);
        try {
            return new Operations(aws, describe(stackName, overrides, environment));
        } catch (RuntimeException e) {
            aws.close();
            throw e;
        }
    }

    static StackTarget describe(String stackName, AwsClients.Overrides overrides, Map<String, String> environment) {
        CloudFormationClient cloudFormation;
        try {
            var builder = CloudFormationClient.builder().httpClient(UrlConnectionHttpClient.create());
            overrides.region().ifPresent(builder::region);
            overrides.credentials().ifPresent(builder::credentialsProvider);
            Optional.ofNullable(environment.get("AWS_ENDPOINT_URL_CLOUDFORMATION"))
                    .filter(url -> !url.isBlank())
                    .map(URI::create)
                    .or(overrides::endpoint)
                    .ifPresent(builder::endpointOverride);
            cloudFormation = builder.build();
        } catch (SdkClientException e) {
            throw new TargetException(clientProblem(e), e);
        }
        try (cloudFormation) {
            Stack stack = cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().stream()
                    .findFirst()
                    .orElseThrow(() -> new TargetException("Stack " + stackName + " does not exist"));
            Map<String, String> outputs = new LinkedHashMap<>();
            stack.outputs().forEach(output -> outputs.put(output.outputKey(), output.outputValue()));
            Map<String, String> parameters = new LinkedHashMap<>();
            stack.parameters()
                    .forEach(parameter -> parameters.put(
                            parameter.parameterKey(),
                            parameter.resolvedValue() != null
                                    ? parameter.resolvedValue()
                                    : parameter.parameterValue()));
            return new StackTarget(stack.stackName(), outputs, parameters);
        } catch (CloudFormationException e) {
            String message = e.awsErrorDetails() == null
                    ? e.getMessage()
                    : e.awsErrorDetails().errorMessage();
            if (message != null && message.contains("does not exist")) {
                throw new TargetException("Stack " + stackName + " does not exist in this account and region "
                        + "(check --stack, AWS_REGION / AWS_PROFILE, and AWS_ENDPOINT_URL for the offline stack)");
            }
            throw new TargetException("CloudFormation refused DescribeStacks for " + stackName + ": " + message, e);
        } catch (SdkClientException e) {
            throw new TargetException(clientProblem(e), e);
        }
    }

    /** One sentence for what the SDK could not find or reach before any request was answered. */
    static String clientProblem(SdkClientException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("credentials")) {
            return "No AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                    + "(https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html)";
        }
        if (message.contains("region")) {
            return "No AWS region set: set AWS_REGION or a region in your AWS profile";
        }
        return "Could not reach AWS: " + message;
    }

    public StackTarget target() {
        return target;
    }

    public Clock clock() {
        return clock;
    }

    /** The SDK's S3 client, for listing: the functions sign their few S3 calls themselves (docs/benchmarks.md). */
    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = aws.configure(S3Client.builder(), "S3")
                    .forcePathStyle(aws.s3PathStyle())
                    // Checksums only where S3 requires them: emulators reject the newer default trailing checksums.
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .build();
        }
        return s3;
    }

    public SqsClient sqs() {
        return aws.sqs();
    }

    public DynamoDbClient dynamoDb() {
        return aws.dynamoDb();
    }

    public synchronized DynamoDbLedger ledger() {
        if (ledger == null) {
            ledger = new DynamoDbLedger(aws.dynamoDb(), target.ledgerTable(), target.deletedItemTtl());
        }
        return ledger;
    }

    /**
     * The app's Inputs client, its key checked once with a cheap call: a key the app refuses is a
     * {@link TargetException} before the command changes anything.
     */
    public synchronized InputsClient inputs() {
        if (inputs == null) {
            String secret = target.apiKeySecretName();
            SecretsManagerApiKey key = new SecretsManagerApiKey(aws.secretsManager(), secret, clock);
            try {
                key.get();
            } catch (SecretsManagerException e) {
                throw new TargetException(
                        "Cannot read the Clarifai key from secret " + secret + ": "
                                + (e.awsErrorDetails() == null
                                        ? e.getMessage()
                                        : e.awsErrorDetails().errorMessage()),
                        e);
            }
            InputsClient client = InputsClient.builder()
                    .baseUrl(target.clarifaiBaseUrl())
                    .pathForm(target.clarifaiPathForm())
                    .userId(target.clarifaiUserId())
                    .appId(target.clarifaiAppId())
                    .apiKey(key)
                    .build();
            try {
                client.getInputCounts(deadline());
            } catch (InputsApiException e) {
                client.close();
                if (e.httpStatus() == 401
                        || e.httpStatus() == 403
                        || e.code() == StatusCodes.CONN_KEY_INVALID
                        || e.code() == StatusCodes.CONN_KEY_NOT_FOUND) {
                    throw new TargetException(
                            "Clarifai refused the key in secret " + secret + " for app " + target.clarifaiAppId() + " ("
                                    + e.getMessage() + ")",
                            e);
                }
                throw new TargetException(
                        "Clarifai at " + target.clarifaiBaseUrl() + " did not answer: " + e.getMessage(), e);
            }
            inputs = client;
        }
        return inputs;
    }

    public Deadline deadline() {
        return Deadline.after(CALL_BUDGET);
    }

    @Override
    public synchronized void close() {
        if (inputs != null) {
            inputs.close();
        }
        if (s3 != null) {
            s3.close();
        }
        aws.close();
    }
}

package io.github.clarifais3sync.local.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The AWS CLI, if installed, reaches every emulator through the one endpoint with only the environment set. */
@ExtendWith(SharedLocalAws.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsCliTest {
    private LocalAws aws;
    private Path cli;

    @TempDir
    Path tempDir;

    private record Result(int exitCode, String output) {}

    @BeforeAll
    void findCli(LocalAws aws) {
        this.aws = aws;
        Optional<Path> found = Stream.of(
                        System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "aws"))
                .filter(Files::isExecutable)
                .findFirst();
        Assumptions.assumeTrue(found.isPresent(), "AWS CLI not installed: no `aws` on PATH (apt-get install awscli)");
        cli = found.get();
    }

    @Test
    void s3CopyAndListThroughTheGateway() throws Exception {
        String bucket = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        S3EventCapture events = new S3EventCapture(aws, bucket);
        Path file = Files.writeString(tempDir.resolve("upload.txt"), "from the aws cli");
        try (S3Client s3 = aws.s3Client()) {
            s3.createBucket(b -> b.bucket(bucket));

            Result copy = run("s3", "cp", file.toString(), "s3://" + bucket + "/cli dir/upload one.txt");

            assertEquals(0, copy.exitCode(), copy.output());
            assertEquals(
                    "from the aws cli",
                    s3.getObjectAsBytes(g -> g.bucket(bucket).key("cli dir/upload one.txt"))
                            .asUtf8String());
        }
        S3Notification put = events.single();
        assertEquals("ObjectCreated:Put", put.eventName());
        assertEquals("cli dir/upload one.txt", put.key());
        Result list = run("s3", "ls", "s3://" + bucket + "/cli dir/");
        assertEquals(0, list.exitCode(), list.output());
        assertTrue(list.output().contains("upload one.txt"), list.output());
    }

    @Test
    void s3apiObjectTaggingRoundTripsAndNotifies() throws Exception {
        String bucket = "cli-tags-" + UUID.randomUUID().toString().substring(0, 8);
        Path file = Files.writeString(tempDir.resolve("tagged.jpg"), "not really a jpeg");
        try (S3Client s3 = aws.s3Client()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        S3EventCapture events = new S3EventCapture(aws, bucket);
        assertEquals(
                0,
                run("s3", "cp", file.toString(), "s3://" + bucket + "/labels/cat photo.jpg")
                        .exitCode());
        events.drain();

        Result put = run(
                "s3api",
                "put-object-tagging",
                "--bucket",
                bucket,
                "--key",
                "labels/cat photo.jpg",
                "--tagging",
                "TagSet=[{Key=concept,Value=cat}]");
        Result get = run("s3api", "get-object-tagging", "--bucket", bucket, "--key", "labels/cat photo.jpg");
        Result delete = run("s3api", "delete-object-tagging", "--bucket", bucket, "--key", "labels/cat photo.jpg");

        assertEquals(0, put.exitCode(), put.output());
        assertEquals(0, get.exitCode(), get.output());
        assertTrue(
                get.output().contains("\"Key\": \"concept\"") && get.output().contains("\"Value\": \"cat\""),
                get.output());
        assertEquals(0, delete.exitCode(), delete.output());
        assertEquals(
                List.of("ObjectTagging:Put", "ObjectTagging:Delete"),
                events.drain().stream().map(S3Notification::eventName).toList());
    }

    @Test
    void sqsListQueuesShowsGatewayQueueUrls() throws Exception {
        String queue = "cli-" + UUID.randomUUID();
        try (SqsClient sqs = aws.sqsClient()) {
            sqs.createQueue(c -> c.queueName(queue));
        }

        Result list = run("sqs", "list-queues", "--queue-name-prefix", queue);

        assertEquals(0, list.exitCode(), list.output());
        assertTrue(list.output().contains(aws.endpoint() + "/" + LocalAws.ACCOUNT_ID + "/" + queue), list.output());
    }

    @Test
    void secretsManagerAndDynamoDbThroughTheGateway() throws Exception {
        String name = "cli/secret-" + UUID.randomUUID();
        Result create = run("secretsmanager", "create-secret", "--name", name, "--secret-string", "s3cr3t");
        assertEquals(0, create.exitCode(), create.output());

        Result get = run("secretsmanager", "get-secret-value", "--secret-id", name, "--query", "SecretString");
        assertEquals(0, get.exitCode(), get.output());
        assertTrue(get.output().contains("s3cr3t"), get.output());

        Result tables = run("dynamodb", "list-tables");
        assertEquals(0, tables.exitCode(), tables.output());
        assertTrue(tables.output().contains("TableNames"), tables.output());
    }

    /**
     * Runs the CLI with the environment {@link LocalAws#environment()} gives, no user configuration, and
     * {@code --endpoint-url}: AWS CLI v1 sends {@code sqs} commands in us-east-1 to queue.amazonaws.com despite
     * {@code AWS_ENDPOINT_URL} (its update_endpoint_url customization); only the option overrides that.
     */
    private Result run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(cli.toString(), "--endpoint-url", aws.endpoint().toString(), "--output", "json"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_"));
        environment.putAll(aws.environment());
        environment.put("AWS_CONFIG_FILE", tempDir.resolve("no-config").toString());
        environment.put(
                "AWS_SHARED_CREDENTIALS_FILE", tempDir.resolve("no-credentials").toString());
        environment.put("AWS_PAGER", "");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out: " + output);
        }
        return new Result(process.exitValue(), output);
    }
}

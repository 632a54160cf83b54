package io.github.clarifais3sync.ops;

import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.inputs.Input;
import io.github.clarifais3sync.inputs.InputPage;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.inputs.PathForm;
import io.github.clarifais3sync.ledger.DynamoDbLedger;
import io.github.clarifais3sync.ledger.LedgerEntry;
import io.github.clarifais3sync.offline.LocalInputsApiEndpoint;
import io.github.clarifais3sync.offline.OfflineStack;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The offline stack as the operations tool's tests use it: started from template.yaml with the pace-setting values
 * shortened, the tool run in-process against its endpoint (as `./clarifai-sync` with the exported variables would),
 * and probes of the bucket, ledger and app that go around the tool.
 */
final class OfflineTarget implements AutoCloseable {

    static final String STACK = "clarifai-s3-sync";
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** What one run of the tool printed and returned. */
    record Run(int exitCode, String out, String err) {}

    private final OfflineStack stack;
    private final S3Client s3;
    private final DynamoDbLedger ledger;
    private final InputsClient inputs;

    private OfflineTarget(OfflineStack stack) {
        this.stack = stack;
        this.s3 = stack.aws().s3Client();
        this.ledger = new DynamoDbLedger(stack.aws().dynamoDbClient(), stack.tableName(), Duration.ofDays(30));
        this.inputs = InputsClient.builder()
                .baseUrl(stack.inputsApi().baseUrl())
                .pathForm(PathForm.USER_APP)
                .userId(stack.inputsApi().userId())
                .appId(stack.inputsApi().appId())
                .apiKey(io.github.clarifais3sync.inputs.ApiKey.of(
                        stack.inputsApi().apiKey()))
                .build();
    }

    static OfflineTarget start(Path directory) throws Exception {
        String text = Files.readString(Path.of("..", "template.yaml"));
        for (String[] pair : new String[][] {
            {"VisibilityTimeout: 900", "VisibilityTimeout: 8"},
            {"Timeout: 120", "Timeout: 8"},
            {"    Timeout: 60", "    Timeout: 8"},
            {"MaximumBatchingWindowInSeconds: 20", "MaximumBatchingWindowInSeconds: 1"},
            {"UPLOAD_RETRY_BASE_SECONDS: '20'", "UPLOAD_RETRY_BASE_SECONDS: '1'"},
            {"UPLOAD_RETRY_MAX_SECONDS: '900'", "UPLOAD_RETRY_MAX_SECONDS: '2'"}
        }) {
            if (!text.contains(pair[0])) {
                throw new IllegalStateException("template.yaml has no " + pair[0]);
            }
            text = text.replace(pair[0], pair[1]);
        }
        Path template = directory.resolve("template.yaml");
        Files.writeString(template, text);
        return new OfflineTarget(OfflineStack.builder()
                .template(template)
                .stackName(STACK)
                .scheduleEvery(Duration.ofSeconds(1))
                .inputsApi(() -> LocalInputsApiEndpoint.start(0, Duration.ofMillis(100)))
                .start());
    }

    OfflineStack stack() {
        return stack;
    }

    String bucket() {
        return stack.bucketName();
    }

    S3Client s3() {
        return s3;
    }

    InputsClient inputs() {
        return inputs;
    }

    DynamoDbLedger ledger() {
        return ledger;
    }

    io.github.clarifais3sync.local.inputsapi.LocalInputsApi inputsApi() {
        return ((LocalInputsApiEndpoint) stack.inputsApi()).api();
    }

    /** Runs {@code ./clarifai-sync ARGS} against the stack's endpoint with its exported variables. */
    Run run(String... args) {
        return run(stack.aws().environment(), args);
    }

    Run run(Map<String, String> environment, String... args) {
        return run(environment, StopFlag.manual(), args);
    }

    Run run(Map<String, String> environment, StopFlag stop, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SyncCli.execute(environment, stop, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    Map<String, String> environmentWith(String name, String value) {
        Map<String, String> environment = new HashMap<>(stack.aws().environment());
        if (value == null) {
            environment.remove(name);
        } else {
            environment.put(name, value);
        }
        return environment;
    }

    void put(String key, byte[] bytes) {
        s3.putObject(r -> r.bucket(bucket()).key(key), RequestBody.fromBytes(bytes));
    }

    List<LedgerEntry> ledgerVersions() {
        List<LedgerEntry> all = new ArrayList<>();
        ledger.scanVersions(all::add, () -> false);
        return all;
    }

    List<LedgerEntry> ledgerVersions(String key) {
        return ledgerVersions().stream()
                .filter(entry -> entry.key().equals(key))
                .toList();
    }

    /** Every input of the app, streamed with last_id as the seeds do. */
    List<Input> appInputs() {
        List<Input> all = new ArrayList<>();
        String lastId = null;
        for (InputPage page; !(page = inputs.streamInputs(lastId, 1000, false, deadline())).isEmpty(); ) {
            all.addAll(page.inputs());
            lastId = page.lastId();
        }
        return all;
    }

    List<Input> appInputs(String key) {
        return appInputs().stream()
                .filter(input -> key.equals(input.metadata().path("s3_key").asText(null)))
                .toList();
    }

    static Deadline deadline() {
        return Deadline.after(Duration.ofSeconds(30));
    }

    /** A small PNG, different for each seed. */
    static byte[] png(int seed) {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 16; x++) {
            for (int y = 0; y < 16; y++) {
                image.setRGB(
                        x,
                        y,
                        new Color((seed * 37 + x * 11) % 256, (seed * 53 + y * 7) % 256, (seed * 19) % 256).getRGB());
            }
        }
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        inputs.close();
        s3.close();
        stack.close();
    }
}

package io.github.clarifais3sync.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.clarifais3sync.local.inputsapi.LocalInputsApi;
import io.github.clarifais3sync.offline.LedgerView.Row;
import io.github.clarifais3sync.testing.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A started offline stack with the local Inputs API, the clients a test drives it with, and read-only probes of what
 * the pipeline left behind: the ledger's rows and the app's inputs (read over the Inputs API's HTTP interface, the
 * way a user would check them).
 */
final class PipelineHarness implements AutoCloseable {

    /** Bound of every wait for the pipeline to settle. */
    static final Duration PIPELINE_TIMEOUT = Duration.ofSeconds(90);
    /**
     * Upload function timeout and upload queue visibility timeout of the fast template: a message reported failed
     * comes back after this many seconds. The functions keep 5 s of their timeout as a margin (Deadlines), which
     * leaves 3 s per batch for the Inputs client's own retries.
     */
    static final int REDELIVERY_SECONDS = 8;

    private static final Duration PROCESSING_DELAY = Duration.ofMillis(100);
    private static final ObjectMapper JSON = Json.MAPPER;

    private final OfflineStack stack;
    private final S3Client s3;
    private final SqsClient sqs;
    private final DynamoDbClient dynamoDb;
    private final LedgerView ledger;
    private final HttpClient http = HttpClient.newHttpClient();

    private PipelineHarness(OfflineStack stack) {
        this.stack = stack;
        this.s3 = stack.aws().s3Client();
        this.sqs = stack.aws().sqsClient();
        this.dynamoDb = stack.aws().dynamoDbClient();
        this.ledger = new LedgerView(dynamoDb, stack.tableName());
    }

    /**
     * template.yaml with what only sets the pace changed: upload messages whose invocation failed come back after
     * {@code redeliverySeconds} instead of 900 s (the upload function's timeout shrinks with it, as Lambda requires),
     * retried ones after a backoff of 1 to 2 s instead of 20 to 900 s, and batches wait 1 s instead of 20 s to fill
     * (the removals queue's window through its parameter, in {@link #startFast(Path, int, Map, String...)}).
     */
    static Path fastTemplate(Path directory, int redeliverySeconds, String... morePairs) throws IOException {
        List<String> pairs = new ArrayList<>(List.of(
                "VisibilityTimeout: 900", "VisibilityTimeout: " + redeliverySeconds,
                "Timeout: 120", "Timeout: " + redeliverySeconds,
                "MaximumBatchingWindowInSeconds: 20", "MaximumBatchingWindowInSeconds: 1",
                "UPLOAD_RETRY_BASE_SECONDS: '20'", "UPLOAD_RETRY_BASE_SECONDS: '1'",
                "UPLOAD_RETRY_MAX_SECONDS: '900'", "UPLOAD_RETRY_MAX_SECONDS: '2'"));
        pairs.addAll(List.of(morePairs));
        return TestStacks.templateCopy(directory, pairs.toArray(String[]::new));
    }

    /** The fast template with every event source, the status poll every second, and these parameter overrides. */
    static PipelineHarness startFast(Path directory, Map<String, String> parameterOverrides) throws Exception {
        return startFast(directory, REDELIVERY_SECONDS, parameterOverrides);
    }

    /** {@link #startFast(Path, Map)} with more template text replaced: pairs of what and by what. */
    static PipelineHarness startFast(
            Path directory, int redeliverySeconds, Map<String, String> parameterOverrides, String... morePairs)
            throws Exception {
        // Removals wait 1 s to fill a batch too, unless the test sets its own window.
        Map<String, String> overrides = new java.util.HashMap<>(Map.of("RemovalsBatchingWindowSeconds", "1"));
        overrides.putAll(parameterOverrides);
        return start(OfflineStack.builder()
                .template(fastTemplate(directory, redeliverySeconds, morePairs))
                .parameterOverrides(overrides)
                .scheduleEvery(Duration.ofSeconds(1)));
    }

    /** A stack from the given builder, pointed at a fresh local Inputs API. */
    static PipelineHarness start(OfflineStack.Builder builder) throws Exception {
        return new PipelineHarness(builder.inputsApi(() -> LocalInputsApiEndpoint.start(0, PROCESSING_DELAY))
                .start());
    }

    OfflineStack stack() {
        return stack;
    }

    S3Client s3() {
        return s3;
    }

    SqsClient sqs() {
        return sqs;
    }

    DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /** The local Inputs API itself, for its fault injector. */
    LocalInputsApi inputsApi() {
        return ((LocalInputsApiEndpoint) stack.inputsApi()).api();
    }

    String bucket() {
        return stack.bucketName();
    }

    /** Puts the object into the stack's bucket; returns its eTag without quotes. */
    String put(String key, byte[] bytes) {
        return s3.putObject(request -> request.bucket(bucket()).key(key), RequestBody.fromBytes(bytes))
                .eTag()
                .replace("\"", "");
    }

    /** The ledger's version rows of one key, in no particular order. */
    List<Row> versions(String key) {
        return ledger.rows().stream().filter(row -> row.key().equals(key)).toList();
    }

    Optional<Row> version(String key, String inputId) {
        return versions(key).stream()
                .filter(row -> row.inputId().equals(inputId))
                .findFirst();
    }

    /** Waits until some version row of the key matches; returns it. */
    Row awaitVersion(String what, String key, Predicate<Row> condition) throws InterruptedException {
        Poll.until(
                what + " for " + key,
                PIPELINE_TIMEOUT,
                () -> versions(key).stream().anyMatch(condition));
        return versions(key).stream().filter(condition).findFirst().orElseThrow();
    }

    /** Waits until every key has an indexed version. */
    void awaitIndexed(Collection<String> keys) throws InterruptedException {
        awaitIndexed(keys, PIPELINE_TIMEOUT);
    }

    /** Waits until every key has an indexed version, for at most {@code timeout}. */
    void awaitIndexed(Collection<String> keys, Duration timeout) throws InterruptedException {
        Poll.until("every key indexed: " + keys, timeout, () -> {
            List<Row> rows = ledger.rows();
            return keys.stream()
                    .allMatch(key -> rows.stream()
                            .anyMatch(
                                    row -> row.key().equals(key) && row.state().equals("indexed")));
        });
    }

    /** HTTP status of GET on one input: 200 while it exists, 404 once it is gone. */
    int inputStatus(String inputId) {
        return send(HttpRequest.newBuilder(inputsUri("/" + URLEncoder.encode(inputId, StandardCharsets.UTF_8)))
                        .GET())
                .statusCode();
    }

    /** Every input of the app whose metadata {@code s3_key} starts with the prefix, newest first. */
    List<JsonNode> inputsUnder(String keyPrefix) {
        List<JsonNode> found = new ArrayList<>();
        for (int page = 1; ; page++) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(inputsUri("?per_page=1000&page=" + page))
                    .GET());
            JsonNode inputs;
            try {
                inputs = JSON.readTree(response.body()).path("inputs");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "list inputs answered " + response.statusCode() + ": " + response.body());
            }
            inputs.forEach(input -> {
                if (input.at("/data/metadata/s3_key").asText().startsWith(keyPrefix)) {
                    found.add(input);
                }
            });
            if (inputs.size() < 1000) {
                return found;
            }
        }
    }

    /** One input as GET returns it ({@code input}), or a missing node when the app does not have it. */
    JsonNode input(String inputId) {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(inputsUri("/" + URLEncoder.encode(inputId, StandardCharsets.UTF_8)))
                        .GET());
        try {
            return JSON.readTree(response.body()).path("input");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The local Inputs API's fault settings as its admin endpoint shows them: what is left of each fault. */
    JsonNode faultsLeft() {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(stack.inputsApi().baseUrl() + "/_local/faults"))
                        .GET());
        try {
            return JSON.readTree(response.body()).path("faults");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private URI inputsUri(String rest) {
        InputsApiEndpoint api = stack.inputsApi();
        return URI.create(api.baseUrl() + "/v2/users/" + api.userId() + "/apps/" + api.appId() + "/inputs" + rest);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(
                    request.header("Authorization", "Key " + stack.inputsApi().apiKey())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        s3.close();
        sqs.close();
        dynamoDb.close();
        http.close();
        stack.close();
    }
}

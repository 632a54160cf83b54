package io.github.clarifais3sync.offline;

import io.github.clarifais3sync.offline.LedgerView.Row;
import io.github.clarifais3sync.offline.template.Specs.SqsEventSpec;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The README's first command: sample objects into the bucket, their way through the pipeline read from the ledger,
 * then one delete. Succeeds only if every image ended indexed, the non-image was skipped and the delete removed the
 * input.
 */
final class Demo {

    private static final Duration PIPELINE_TIMEOUT = Duration.ofSeconds(120);
    private static final Set<String> FINAL = Set.of("indexed", "failed", "deleted");

    private final OfflineStack stack;
    private final PrintStream out;
    private final long started = System.nanoTime();

    Demo(OfflineStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    boolean run() throws Exception {
        Map<String, byte[]> objects = SampleObjects.create();
        String bucket = stack.bucketName();
        try (S3Client s3 = stack.aws().s3Client();
                DynamoDbClient dynamoDb = stack.aws().dynamoDbClient()) {
            LedgerView ledger = new LedgerView(dynamoDb, stack.tableName());
            describeWiring();
            for (Map.Entry<String, byte[]> object : objects.entrySet()) {
                s3.putObject(
                        request -> request.bucket(bucket).key(object.getKey()),
                        RequestBody.fromBytes(object.getValue()));
                say("put s3://%s/%s (%d bytes)", bucket, object.getKey(), object.getValue().length);
            }
            Set<String> images = objects.keySet().stream()
                    .filter(SampleObjects::isImage)
                    .collect(java.util.stream.Collectors.toSet());
            boolean settled = follow(ledger, images);
            Map<String, Row> rows = ledger.latestByKey();
            printTable(objects.keySet(), rows);
            boolean imagesIndexed = images.stream()
                    .allMatch(key ->
                            rows.containsKey(key) && rows.get(key).state().equals("indexed"));
            Row nonImage = rows.get(SampleObjects.NON_IMAGE_KEY);
            boolean nonImageSkipped = nonImage == null || nonImage.state().equals("deleted");
            boolean deleted = settled && imagesIndexed && deleteOne(s3, ledger, bucket, SampleObjects.UNUSUAL_KEY);
            out.println();
            out.printf(
                    "images indexed: %s   non-image skipped: %s   delete removed the input: %s%n",
                    yesNo(imagesIndexed), yesNo(nonImageSkipped), yesNo(deleted));
            return imagesIndexed && nonImageSkipped && deleted;
        }
    }

    private void describeWiring() {
        for (var function : stack.model().functions()) {
            for (SqsEventSpec event : function.sqsEvents()) {
                say(
                        "from template.yaml: %s takes batches of up to %d from %s, waiting up to %d s to fill one",
                        function.logicalId(),
                        event.batchSize(),
                        event.queueLogicalId(),
                        event.maximumBatchingWindowSeconds());
            }
        }
    }

    /** Prints the ledger's counts whenever they change, until every image is final. */
    private boolean follow(LedgerView ledger, Set<String> images) throws InterruptedException {
        long deadline = System.nanoTime() + PIPELINE_TIMEOUT.toNanos();
        Map<String, Integer> last = null;
        while (System.nanoTime() < deadline) {
            Map<String, Row> rows = ledger.latestByKey();
            Map<String, Integer> counts = ledger.counts();
            if (!counts.equals(last)) {
                StringBuilder line = new StringBuilder();
                counts.forEach((state, count) ->
                        line.append(state).append('=').append(count).append("  "));
                say("ledger: %s", line.toString().trim());
                last = counts;
            }
            if (images.stream()
                    .allMatch(key -> rows.containsKey(key)
                            && FINAL.contains(rows.get(key).state()))) {
                return true;
            }
            Thread.sleep(500);
        }
        say("gave up waiting after %d s", PIPELINE_TIMEOUT.toSeconds());
        return false;
    }

    private boolean deleteOne(S3Client s3, LedgerView ledger, String bucket, String key) throws Exception {
        String inputId = ledger.latestByKey().get(key).inputId();
        say("delete s3://%s/%s (input %s)", bucket, key, inputId);
        s3.deleteObject(request -> request.bucket(bucket).key(key));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpClient http = HttpClient.newHttpClient();
        InputsApiEndpoint api = stack.inputsApi();
        URI input = URI.create(api.baseUrl() + "/v2/users/" + api.userId() + "/apps/" + api.appId() + "/inputs/"
                + URLEncoder.encode(inputId, StandardCharsets.UTF_8));
        while (System.nanoTime() < deadline) {
            Row row = ledger.latestByKey().get(key);
            int status = http.send(
                            HttpRequest.newBuilder(input)
                                    .header("Authorization", "Key " + api.apiKey())
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            if (row != null && row.state().equals("deleted") && status == 404) {
                say("ledger: %s is deleted; GET %s -> 404", key, input.getPath());
                return true;
            }
            Thread.sleep(300);
        }
        say("the input of %s was not gone within 30 s", key);
        return false;
    }

    private void printTable(Iterable<String> keys, Map<String, Row> rows) {
        out.println();
        out.printf("%-32s %-42s %-9s %s%n", "OBJECT KEY", "INPUT ID", "STATE", "STATUS");
        for (String key : keys) {
            Row row = rows.get(key);
            if (row == null) {
                out.printf("%-32s %-42s %-9s %s%n", key, "-", "skipped", "not an image: no input created");
            } else {
                out.printf(
                        "%-32s %-42s %-9s %s %s%n",
                        key, row.inputId(), row.state(), row.statusCode(), row.statusDescription());
            }
        }
    }

    private void say(String format, Object... arguments) {
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("[%5.1fs] %s%n", seconds, String.format(format, arguments));
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "NO";
    }
}

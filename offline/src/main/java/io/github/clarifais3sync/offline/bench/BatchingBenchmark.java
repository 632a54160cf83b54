package io.github.clarifais3sync.offline.bench;

import io.github.clarifais3sync.inputs.AddInputsResult;
import io.github.clarifais3sync.inputs.ApiKey;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.inputs.NewInput;
import io.github.clarifais3sync.inputs.PathForm;
import io.github.clarifais3sync.local.inputsapi.LocalInputsApi;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Why the upload function sends one add of up to 128 inputs per SQS batch: adds the same N inputs with the real
 * {@link InputsClient} in batches of 128, 32, 10 and 1 against the local Inputs API at Clarifai's default rate limit
 * of 15 requests/s, side by side in one run, and prints requests, throttled (429) answers, wall time and ratios.
 * Run: {@code ./offline-stack bench [--inputs N]}.
 */
public final class BatchingBenchmark {

    private static final int[] BATCH_SIZES = {128, 32, 10, 1};
    private static final int RUNS = 3;
    private static final String KEY = "bench-key";

    private record Row(int batchSize, int requests, int throttled, long millis, boolean allAccepted) {}

    private BatchingBenchmark() {}

    public static int run(int inputs, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "Adding %d URL inputs through InputsClient; local Inputs API at 15 requests/s;"
                        + " one warm-up, then the median of %d runs per batch size%n",
                inputs,
                RUNS);
        measure(inputs, BATCH_SIZES[0]);
        List<Row> rows = new ArrayList<>();
        for (int batchSize : BATCH_SIZES) {
            List<Row> runs = new ArrayList<>();
            for (int run = 0; run < RUNS; run++) {
                runs.add(measure(inputs, batchSize));
            }
            runs.sort(Comparator.comparingLong(Row::millis));
            rows.add(runs.get(RUNS / 2));
        }
        Row reference = rows.get(0);
        out.println();
        out.println("batch size | add requests | 429 answers | wall time (s) | inputs/s | time vs 128");
        out.println("---------- | ------------ | ----------- | ------------- | -------- | -----------");
        for (Row row : rows) {
            out.printf(
                    Locale.ROOT,
                    "%10d | %12d | %11d | %13.2f | %8.1f | %10.1fx%s%n",
                    row.batchSize(),
                    row.requests(),
                    row.throttled(),
                    row.millis() / 1000.0,
                    inputs * 1000.0 / row.millis(),
                    (double) row.millis() / reference.millis(),
                    row.allAccepted() ? "" : "  (NOT all accepted)");
        }
        return rows.stream().allMatch(Row::allAccepted) ? 0 : 1;
    }

    private static Row measure(int inputs, int batchSize) {
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger throttled = new AtomicInteger();
        try (LocalInputsApi api = LocalInputsApi.builder()
                        .port(0)
                        .apiKey(KEY, "bench", "bench")
                        .processingDelay(Duration.ofMillis(10))
                        .rateLimit(15)
                        .requestLog(line -> {
                            if (line.contains("\"path\":\"/v2/inputs\"") && line.contains("\"method\":\"POST\"")) {
                                requests.incrementAndGet();
                                if (line.contains("\"httpStatus\":429")) {
                                    throttled.incrementAndGet();
                                }
                            }
                        })
                        .build()
                        .start();
                InputsClient client = InputsClient.builder()
                        .baseUrl(api.baseUrl())
                        .pathForm(PathForm.APP_KEY)
                        .apiKey(ApiKey.of(KEY))
                        .build()) {
            long start = System.nanoTime();
            boolean allAccepted = true;
            for (int from = 0; from < inputs; from += batchSize) {
                List<NewInput> batch = new ArrayList<>();
                for (int i = from; i < Math.min(inputs, from + batchSize); i++) {
                    batch.add(NewInput.fromUrl("b" + batchSize + "-" + i, api.baseUrl() + "/samples/puppy.jpg")
                            .withAllowDuplicateUrl(true));
                }
                AddInputsResult result = client.addInputs(batch, Deadline.after(Duration.ofMinutes(5)));
                allAccepted &= result.outcomes().stream().allMatch(o -> o.accepted());
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new Row(batchSize, requests.get(), throttled.get(), Math.max(1, millis), allAccepted);
        }
    }
}

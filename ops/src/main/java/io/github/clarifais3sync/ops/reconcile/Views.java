package io.github.clarifais3sync.ops.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.inputs.Input;
import io.github.clarifais3sync.inputs.InputPage;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.ledger.LedgerEntry;
import io.github.clarifais3sync.ledger.LedgerScan;
import io.github.clarifais3sync.model.KeyFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/** The three views, each as an iterator sorted by key. */
public final class Views {

    /** Records each external sort holds in memory at once (a few tens of MB at most). */
    static final int CHUNK = 50_000;
    /** The longest page StreamInputs serves. */
    static final int INPUTS_PER_PAGE = 1000;

    private Views() {}

    /**
     * The bucket's current objects under the include prefixes (the whole bucket without any), as ListObjectsV2 pages
     * them, each marked synced or not by the functions' own rule (key and size): already in key order, so nothing is
     * sorted or held. Prefixes inside another are dropped; the rest do not
     * overlap, so listing them in order keeps the whole in order.
     */
    public static Iterator<BucketObject> bucket(S3Client s3, String bucket, KeyFilter filter, LongConsumer listed) {
        List<String> prefixes =
                new ArrayList<>(filter.includePrefixes().isEmpty() ? List.of("") : filter.includePrefixes());
        prefixes.sort(KeyOrder.KEYS);
        List<String> disjoint = new ArrayList<>();
        for (String prefix : prefixes) {
            if (disjoint.isEmpty() || !prefix.startsWith(disjoint.get(disjoint.size() - 1))) {
                disjoint.add(prefix);
            }
        }
        return disjoint.stream()
                .flatMap(prefix -> s3
                        .listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix.isEmpty() ? null : prefix))
                        .contents()
                        .stream())
                .map(object -> {
                    listed.accept(1);
                    return new BucketObject(
                            object.key(),
                            unquoted(object.eTag()),
                            object.size() == null ? 0 : object.size(),
                            object.lastModified(),
                            filter.syncs(object.key(), object.size() == null ? 0 : object.size()));
                })
                .iterator();
    }

    /** Every ledger version of the bucket, sorted by key through temporary files. */
    public static ExternalSortedView<LedgerEntry> ledger(
            LedgerScan ledger, String bucket, Path temp, BooleanSupplier stop, LongConsumer scanned) {
        ExternalSort<LedgerEntry> sort = new ExternalSort<>(Codecs.LEDGER, Codecs.LEDGER_ORDER, CHUNK, temp);
        ledger.scanVersions(
                entry -> {
                    scanned.accept(1);
                    if (bucket.equals(entry.bucket())) {
                        sort.add(entry);
                    }
                },
                stop);
        return new ExternalSortedView<>(sort, 0, List.of());
    }

    /**
     * Every input of the app, streamed with {@code last_id}: the product's own (metadata {@code s3_bucket} is this
     * bucket) sorted by key through temporary files; the others counted, with the first {@code samples} ids kept.
     */
    public static ExternalSortedView<AppInput> app(
            InputsClient inputs,
            String bucket,
            Path temp,
            int samples,
            BooleanSupplier stop,
            LongConsumer streamed,
            Supplier<Deadline> deadline) {
        ExternalSort<AppInput> sort = new ExternalSort<>(Codecs.INPUT, Codecs.INPUT_ORDER, CHUNK, temp);
        long foreign = 0;
        List<String> foreignIds = new ArrayList<>();
        String lastId = null;
        while (!stop.getAsBoolean()) {
            InputPage page = inputs.streamInputs(lastId, INPUTS_PER_PAGE, false, deadline.get());
            if (page.isEmpty()) {
                break;
            }
            for (Input input : page.inputs()) {
                JsonNode metadata = input.metadata();
                String key = text(metadata, "s3_key");
                if (bucket.equals(text(metadata, "s3_bucket")) && key != null) {
                    sort.add(new AppInput(
                            key,
                            input.id(),
                            unquoted(text(metadata, "etag")),
                            input.status() == null ? 0 : input.status().code()));
                } else {
                    foreign++;
                    if (foreignIds.size() < samples) {
                        foreignIds.add(input.id());
                    }
                }
            }
            streamed.accept(page.inputs().size());
            lastId = page.lastId();
        }
        return new ExternalSortedView<>(sort, foreign, Collections.unmodifiableList(foreignIds));
    }

    /** A sorted view and, for the app, the inputs the product did not create. */
    public record ExternalSortedView<T>(ExternalSort<T> sort, long foreign, List<String> foreignSamples)
            implements AutoCloseable {
        public Iterator<T> sorted() {
            return sort.sorted();
        }

        public long count() {
            return sort.count();
        }

        @Override
        public void close() {
            sort.close();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || !value.isTextual() ? null : value.textValue();
    }

    static String unquoted(String eTag) {
        if (eTag == null) {
            return "";
        }
        String trimmed = eTag.strip();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1)
                : trimmed;
    }
}

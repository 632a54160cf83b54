package io.github.clarifais3sync.offline.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.offline.LedgerView.Row;
import io.github.clarifais3sync.offline.chaos.ChaosPlan.Case;
import io.github.clarifais3sync.offline.chaos.ChaosPlan.Entry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Bucket, ledger and app compared once the pipeline is quiet. For each key of the plan:
 * <ul>
 *   <li>an image in the bucket has exactly one input in the app, of its current version (the input's metadata
 *       {@code etag} is the object's), processed successfully; its ledger row for that version is {@code indexed};</li>
 *   <li>plain text under an image name has no successful input, and its ledger row is {@code failed} with a code;</li>
 *   <li>a {@code .txt} or a zero-byte object has no ledger row and no input (skipped at enqueue,
 *       docs/architecture.md);</li>
 *   <li>a removed key has no input, and none of its ledger rows says an input exists;</li>
 *   <li>every older version's row of a key is settled ({@code deleted} or {@code failed}).</li>
 * </ul>
 *
 * @param lost       images in the bucket without a successful input of their current version
 * @param duplicate  inputs beyond the first of a current version
 * @param stale      inputs of an older version of an object still in the bucket
 * @param orphan     inputs of a removed or skipped object
 * @param ledger     other disagreements: a ledger row in the wrong state, a failure without a code
 * @param failures   ledger rows in {@code failed}, by status code
 */
public record Agreement(
        List<String> lost,
        List<String> duplicate,
        List<String> stale,
        List<String> orphan,
        List<String> ledger,
        Map<String, Integer> failures) {

    /** An object in the bucket: its eTag without quotes and its size. */
    public record StoredObject(String eTag, long size) {}

    private static final Set<String> SETTLED = Set.of("deleted", "failed");
    private static final int SUCCESS = 30000;

    public boolean holds() {
        return lost.isEmpty() && duplicate.isEmpty() && stale.isEmpty() && orphan.isEmpty() && ledger.isEmpty();
    }

    /** Compares; {@code bucket} and {@code inputs} hold what is under the plan's prefix. */
    public static Agreement of(
            ChaosPlan plan, Map<String, StoredObject> bucket, List<Row> ledgerRows, List<JsonNode> inputs) {
        Map<String, List<Row>> rowsByKey = new HashMap<>();
        Map<String, Integer> failures = new TreeMap<>();
        List<String> ledger = new ArrayList<>();
        for (Row row : ledgerRows) {
            rowsByKey.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row);
            if (row.state().equals("failed")) {
                if (row.statusCode() == null || row.statusCode().isBlank()) {
                    ledger.add("failure without a code: " + row.key() + " input " + row.inputId());
                }
                failures.merge(
                        row.statusCode() == null || row.statusCode().isBlank()
                                ? "(none)"
                                : row.statusCode() + " " + row.statusDescription(),
                        1,
                        Integer::sum);
            }
        }
        Map<String, List<JsonNode>> inputsByKey = new HashMap<>();
        for (JsonNode input : inputs) {
            inputsByKey
                    .computeIfAbsent(input.at("/data/metadata/s3_key").asText(), k -> new ArrayList<>())
                    .add(input);
        }
        List<String> lost = new ArrayList<>();
        List<String> duplicate = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        List<String> orphan = new ArrayList<>();
        for (Entry entry : plan.entries()) {
            String key = entry.key();
            StoredObject object = bucket.get(key);
            List<JsonNode> ofKey = inputsByKey.getOrDefault(key, List.of());
            List<Row> rows = rowsByKey.getOrDefault(key, List.of());
            boolean skipped = entry.kind() == Case.NOT_IMAGE || entry.kind() == Case.ZERO_BYTE;
            if (object == null || skipped) {
                if (!ofKey.isEmpty()) {
                    orphan.add(key + " (" + (object == null ? "removed" : "skipped") + ") has " + ofKey.size()
                            + " input(s)");
                }
                if (skipped && !rows.isEmpty()) {
                    ledger.add("skipped " + key + " has ledger rows " + rows);
                }
                rows.stream()
                        .filter(row -> !SETTLED.contains(row.state()))
                        .forEach(row -> ledger.add("removed " + key + " still " + row.state() + ": " + row));
                continue;
            }
            List<JsonNode> current = new ArrayList<>();
            for (JsonNode input : ofKey) {
                if (input.at("/data/metadata/etag").asText().equals(object.eTag())) {
                    current.add(input);
                } else {
                    stale.add(key + " input " + input.path("id").asText() + " is of eTag "
                            + input.at("/data/metadata/etag").asText() + ", the object's is " + object.eTag());
                }
            }
            if (current.size() > 1) {
                for (int i = 1; i < current.size(); i++) {
                    duplicate.add(key + " input " + current.get(i).path("id").asText() + " (" + current.size()
                            + " of its version)");
                }
            }
            boolean failsAtClarifai = entry.kind() == Case.TEXT_AS_IMAGE;
            boolean indexed =
                    current.stream().anyMatch(input -> input.at("/status/code").asInt() == SUCCESS);
            if (!failsAtClarifai && !indexed) {
                lost.add(key + " (eTag " + object.eTag() + ") has no indexed input"
                        + (current.isEmpty()
                                ? ""
                                : "; its input is "
                                        + current.get(0).at("/status/code").asInt()));
            }
            if (failsAtClarifai && indexed) {
                ledger.add("text under an image name indexed: " + key);
            }
            String expected = failsAtClarifai ? "failed" : "indexed";
            List<Row> currentRows = rows.stream()
                    .filter(row -> row.eTag().equals(object.eTag()))
                    .toList();
            if (currentRows.stream().noneMatch(row -> row.state().equals(expected))) {
                ledger.add(key + " current version is "
                        + currentRows.stream().map(Row::state).toList() + " in the ledger, expected " + expected);
            }
            rows.stream()
                    .filter(row -> !row.eTag().equals(object.eTag()) && !SETTLED.contains(row.state()))
                    .forEach(row -> ledger.add("older version of " + key + " still " + row.state() + ": " + row));
        }
        return new Agreement(lost, duplicate, stale, orphan, ledger, failures);
    }
}

package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.offline.LedgerView.Row;
import io.github.clarifais3sync.testing.Poll;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Labels through the real functions wired from template.yaml (docs/labels.md): concepts from prefixes and S3 tags on
 * the add, tag changes as batched PATCH overwrites, ordering, and bad input. Rules: {@code cats/=cat}, value tag
 * {@code species}, flag tags {@code concept:<name>=1|0}. Inputs are checked by getting each one from the local Inputs
 * API; requests are counted by that API.
 */
class LabelsTest {

    @TempDir
    static Path directory;

    private static PipelineHarness pipeline;
    private static byte[] image;

    @BeforeAll
    static void startStack() throws Exception {
        // Upload and labels invocations get 60 s (not the fast template's 8 s), enough on a busy machine. A lone tag
        // change is sent at once rather than held for its burst (LabelsBulkTest checks the hold).
        pipeline = PipelineHarness.startFast(
                directory,
                60,
                Map.of("LabelPrefixes", "cats/=cat", "LabelValueTags", "species"),
                "LABELS_HOLD_SECONDS: '30'",
                "LABELS_HOLD_SECONDS: '0'");
        image = SampleObjects.create().get("samples/sunrise.jpg");
    }

    @AfterAll
    static void stopStack() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void put_withTagsUnderAMappedPrefix_addsTheInputWithItsConceptsInTheAddItself() throws Exception {
        String key = "cats/tom.jpg";
        putTagged(key, "concept:indoor=1&concept:dog=0&owner=ann");

        Row row = pipeline.awaitVersion("indexed", key, r -> r.state().equals("indexed"));

        assertEquals("[cat:1, dog:0, indoor:1]", concepts(pipeline.input(row.inputId())));
        assertEquals("cat:1,dog:0,indoor:1", ledger(key, row.inputId(), "labels"));
    }

    @Test
    void retag_mergesAndRemovesConcepts_deletingTagsRemovesThem_andNothingIsAddedAgain() throws Exception {
        String key = "retag/a.jpg";
        putTagged(key, "concept:cat=1");
        Row row = pipeline.awaitVersion("indexed", key, r -> r.state().equals("indexed"));
        long adds = pipeline.inputsApi().requests("POST");

        tag(key, Map.of("concept:dog", "1", "concept:cat", "0", "species", "Maine Coon"));
        awaitConcepts(row.inputId(), "[cat:0, dog:1, maine-coon:1]");
        pipeline.s3().deleteObjectTagging(r -> r.bucket(pipeline.bucket()).key(key));
        awaitConcepts(row.inputId(), "[]");

        String patchedAt = ledger(key, row.inputId(), "labelsAt");
        long patches = pipeline.inputsApi().requests("PATCH");
        tag(key, Map.of("owner", "bob"));
        Poll.until(
                "the tag change handled",
                PipelineHarness.PIPELINE_TIMEOUT,
                () -> !ledger(key, row.inputId(), "labelsAt").equals(patchedAt));

        assertEquals(
                patches, pipeline.inputsApi().requests("PATCH"), "a change mapping to the same concepts sends nothing");
        assertEquals(adds, pipeline.inputsApi().requests("POST"), "tag changes never add the image again");
        assertEquals(
                List.of(row.inputId()),
                pipeline.inputsUnder(key).stream()
                        .map(i -> i.path("id").asText())
                        .toList());
    }

    @Test
    void tagChangeRacingTheUpload_endsWithTheNewestTags() throws Exception {
        String key = "race/b.jpg";
        putTagged(key, "concept:first=1");
        tag(key, Map.of("concept:second", "1"));
        tag(key, Map.of("concept:third", "1"));

        Row row = pipeline.awaitVersion("indexed", key, r -> r.state().equals("indexed"));

        awaitConcepts(row.inputId(), "[third:1]");
    }

    @Test
    void badTags_areLoggedRecordedAndSkippedWithoutFailingTheObject() throws Exception {
        String key = "bad/c.jpg";
        putTagged(key, "concept:dog=maybe&species=--&concept:bird=1");
        Row row = pipeline.awaitVersion("indexed", key, r -> r.state().equals("indexed"));

        assertEquals("[bird:1]", concepts(pipeline.input(row.inputId())));
        assertEquals(
                "tag species=--: no letter or digit a concept id can keep; "
                        + "tag concept:dog=maybe: value must be 1 or 0 (true or false)",
                ledger(key, row.inputId(), "labelProblems"));

        Map<String, String> eleven = new LinkedHashMap<>();
        IntStream.range(0, 11).forEach(i -> eleven.put("concept:c" + i, "1"));
        S3Exception refused = assertThrows(S3Exception.class, () -> tag(key, eleven));
        assertEquals(400, refused.statusCode(), "S3 keeps at most 10 tags on an object");
        assertEquals("[bird:1]", concepts(pipeline.input(row.inputId())));
    }

    @Test
    void patchRefusedBecauseTheInputIsGone_isRecordedAndNotRetried() throws Exception {
        String key = "gone/d.jpg";
        putTagged(key, "concept:cat=1");
        Row row = pipeline.awaitVersion("indexed", key, r -> r.state().equals("indexed"));
        deleteInputBehindTheSyncsBack(row.inputId());
        long patches = pipeline.inputsApi().requests("PATCH");

        tag(key, Map.of("concept:dog", "1"));
        Poll.until(
                "the refusal recorded",
                PipelineHarness.PIPELINE_TIMEOUT,
                () -> ledger(key, row.inputId(), "labelProblems").startsWith("PATCH refused with 30102"));
        Poll.until(
                "the change done, not waiting to come back",
                PipelineHarness.PIPELINE_TIMEOUT,
                LabelsTest::labelsQueueEmpty);

        assertEquals(patches + 1, pipeline.inputsApi().requests("PATCH"), "sent once, never again");
        assertEquals("cat:1", ledger(key, row.inputId(), "labels"), "the ledger keeps what the input last carried");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static void putTagged(String key, String tagging) {
        pipeline.s3()
                .putObject(r -> r.bucket(pipeline.bucket()).key(key).tagging(tagging), RequestBody.fromBytes(image));
    }

    private static Object tag(String key, Map<String, String> tags) {
        List<Tag> tagSet = new ArrayList<>();
        tags.forEach((k, v) -> tagSet.add(Tag.builder().key(k).value(v).build()));
        return pipeline.s3()
                .putObjectTagging(r -> r.bucket(pipeline.bucket()).key(key).tagging(t -> t.tagSet(tagSet)));
    }

    private static void awaitConcepts(String inputId, String expected) throws InterruptedException {
        Poll.until(
                "concepts " + expected + " on " + inputId,
                PipelineHarness.PIPELINE_TIMEOUT,
                () -> concepts(pipeline.input(inputId)).equals(expected));
    }

    /** The input's concepts as {@code [id:value, …]}, by id. */
    private static String concepts(JsonNode input) {
        List<String> concepts = new ArrayList<>();
        input.path("data")
                .path("concepts")
                .forEach(c -> concepts.add(
                        c.path("id").asText() + ":" + c.path("value").asInt()));
        concepts.sort(null);
        return concepts.toString();
    }

    /** One attribute of the version's ledger item ("" when absent). */
    private static String ledger(String key, String inputId, String attribute) {
        Map<String, AttributeValue> item = pipeline.dynamoDb()
                .getItem(r -> r.tableName(pipeline.stack().tableName())
                        .consistentRead(true)
                        .key(Map.of(
                                "pk",
                                AttributeValue.fromS("s3://" + pipeline.bucket() + "/" + key),
                                "sk",
                                AttributeValue.fromS("v#" + inputId))))
                .item();
        AttributeValue value = item.get(attribute);
        return value == null || value.s() == null ? "" : value.s();
    }

    /** Neither visible nor in-flight messages on the labels queue: every change was handled and deleted. */
    private static boolean labelsQueueEmpty() {
        Map<String, String> attributes = pipeline.sqs()
                .getQueueAttributes(r -> r.queueUrl(pipeline.stack().model().queueUrl("LabelsQueue"))
                        .attributeNamesWithStrings(
                                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings();
        return "0".equals(attributes.get("ApproximateNumberOfMessages"))
                && "0".equals(attributes.get("ApproximateNumberOfMessagesNotVisible"));
    }

    private static void deleteInputBehindTheSyncsBack(String inputId) throws Exception {
        InputsApiEndpoint api = pipeline.stack().inputsApi();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v2/users/" + api.userId() + "/apps/"
                                    + api.appId() + "/inputs/" + inputId))
                            .header("Authorization", "Key " + api.apiKey())
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
        }
        Poll.until("the input gone", PipelineHarness.PIPELINE_TIMEOUT, () -> pipeline.inputStatus(inputId) == 404);
    }
}

package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clarifais3sync.offline.sources.S3EventBridgeRouter;
import io.github.clarifais3sync.offline.template.Specs.EventRuleSpec;
import io.github.clarifais3sync.offline.template.Specs.FunctionSpec;
import io.github.clarifais3sync.offline.template.Specs.QueueSpec;
import io.github.clarifais3sync.offline.template.Specs.SqsEventSpec;
import io.github.clarifais3sync.offline.template.Specs.TableSpec;
import io.github.clarifais3sync.offline.template.TemplateException;
import io.github.clarifais3sync.offline.template.TemplateModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the repository's own template.yaml; no emulator needed. */
class TemplateModelTest {

    static final Path TEMPLATE = Path.of("..", "template.yaml");

    private static TemplateModel load(Map<String, String> overrides) throws Exception {
        TemplateModel model = TemplateModel.load(TEMPLATE, "clarifai-s3-sync", "000000000000", "us-east-1", overrides);
        for (QueueSpec queue : model.queues()) {
            model.registerQueue(
                    queue.logicalId(),
                    "http://localhost:1/000000000000/" + queue.queueName(),
                    "arn:aws:sqs:us-east-1:000000000000:" + queue.queueName());
        }
        return model;
    }

    @Test
    void load_whenRepositoryTemplate_readsEveryEventSource() throws Exception {
        TemplateModel model = load(Map.of());

        FunctionSpec upload = model.function("UploadFunction");
        SqsEventSpec batch = upload.sqsEvents().get(0);
        assertEquals("UploadQueue", batch.queueLogicalId());
        assertEquals(128, batch.batchSize());
        assertEquals(20, batch.maximumBatchingWindowSeconds());
        assertTrue(batch.reportBatchItemFailures());
        assertEquals(2, batch.maximumConcurrency());
        assertEquals(120, upload.timeoutSeconds());
        assertEquals(1024, upload.memorySize());
        assertEquals("io.github.clarifais3sync.upload.UploadHandler::handleRequest", upload.handler());

        FunctionSpec enqueue = model.function("EnqueueFunction");
        assertEquals(List.of("s3:ObjectCreated:*"), enqueue.s3Events().get(0).events());
        assertEquals(2, enqueue.asyncInvoke().maximumRetryAttempts());
        assertEquals("S3EventFailureQueue", enqueue.asyncInvoke().onFailureLogicalId());
        assertTrue(enqueue.s3Events().get(0).matches("ObjectCreated:Put", "a b/c.jpg"));
        assertFalse(enqueue.s3Events().get(0).matches("ObjectRemoved:Delete", "a b/c.jpg"));

        FunctionSpec status = model.function("StatusFunction");
        assertEquals(Duration.ofMinutes(2), status.schedules().get(0).rate());
        assertEquals("{}", status.schedules().get(0).input());
        assertEquals(1, status.reservedConcurrency());
        FunctionSpec delete = model.function("DeleteFunction");
        assertEquals(2, delete.reservedConcurrency());
        assertEquals(List.of(), delete.s3Events(), "removals reach it through the removals queue");
        assertEquals("RemovalsQueue", delete.sqsEvents().get(0).queueLogicalId());
        assertTrue(enqueue.s3Events().stream().anyMatch(e -> e.matches("LifecycleExpiration:Delete", "a b/c.jpg")));
        assertTrue(
                enqueue.s3Events().stream().anyMatch(e -> e.matches("ObjectRemoved:DeleteMarkerCreated", "a b/c.jpg")));
    }

    @Test
    void load_whenRepositoryTemplate_resolvesResourcesToLocalNames() throws Exception {
        TemplateModel model = load(Map.of("ClarifaiAppId", "offline"));

        assertEquals(
                "clarifai-s3-sync-000000000000-us-east-1",
                model.bucket("ImagesBucket").bucketName());
        QueueSpec queue = model.queue("UploadQueue");
        assertEquals(900, queue.visibilityTimeoutSeconds());
        assertEquals("UploadDeadLetterQueue", queue.deadLetterQueueLogicalId());
        assertEquals(10, queue.maxReceiveCount());
        TableSpec table = model.tables().get(0);
        assertEquals("expiresAt", table.timeToLiveAttribute());
        assertEquals("pending", table.globalSecondaryIndexes().get(0).indexName());

        Map<String, String> environment = model.environment(model.function("EnqueueFunction"));
        assertEquals("http://localhost:1/000000000000/clarifai-s3-sync-UploadQueue", environment.get("QUEUE_URL"));
        assertEquals("clarifai-s3-sync-LedgerTable", environment.get("LEDGER_TABLE"));
        assertEquals("offline", environment.get("CLARIFAI_APP_ID"));
        assertEquals("clarifai-s3-sync/api-key", environment.get("CLARIFAI_API_KEY_SECRET"));
        assertEquals(".jpg,.jpeg,.png,.gif,.bmp,.tif,.tiff,.webp", environment.get("IMAGE_SUFFIXES"));
        assertEquals("-XX:+TieredCompilation -XX:TieredStopAtLevel=1", environment.get("JAVA_TOOL_OPTIONS"));
        assertEquals("clarifai-s3-sync-000000000000-us-east-1", model.outputs().get("BucketName"));
    }

    @Test
    void load_whenParameterBreaksItsConstraint_refuses() {
        assertThrows(TemplateException.class, () -> load(Map.of("UploadMaxConcurrency", "1")));
        assertThrows(TemplateException.class, () -> load(Map.of("ImageSource", "ftp")));
        assertThrows(TemplateException.class, () -> load(Map.of("NoSuchParameter", "x")));
    }

    @Test
    void load_whenBatchSizeAboveTenWithoutWindow_refusesLikeLambda(@TempDir Path directory) throws Exception {
        Path copy = directory.resolve("template.yaml");
        Files.writeString(
                copy,
                Files.readString(TEMPLATE)
                        .replace("MaximumBatchingWindowInSeconds: 20", "MaximumBatchingWindowInSeconds: 0"));

        assertThrows(
                TemplateException.class,
                () -> TemplateModel.load(copy, "clarifai-s3-sync", "000000000000", "us-east-1", Map.of()));
    }

    @Test
    void load_whenFilterAndShortFormTags_evaluatesThem(@TempDir Path directory) throws Exception {
        Path copy = directory.resolve("template.yaml");
        Files.writeString(
                copy,
                Files.readString(TEMPLATE)
                        .replace("          - Event: s3:ObjectCreated:*\n", """
                          - Event: s3:ObjectCreated:Put
                            Filter:
                              S3Key:
                                Rules:
                                  - Name: prefix
                                    Value: !Join ['', [!Select [0, !Split [',', 'in/,x']], '']]
                                  - Name: suffix
                                    Value: !If [Never, '.gif', '.jpg']
                """)
                        .replace("Conditions:\n", "Conditions:\n  Never: !Equals [!Ref LogLevel, NEVER]\n"));

        TemplateModel model = TemplateModel.load(copy, "s", "000000000000", "us-east-1", Map.of());

        var event = model.function("EnqueueFunction").s3Events().get(0);
        assertTrue(event.matches("ObjectCreated:Put", "in/a.jpg"));
        assertFalse(event.matches("ObjectCreated:Copy", "in/a.jpg"));
        assertFalse(event.matches("ObjectCreated:Put", "out/a.jpg"));
        assertFalse(event.matches("ObjectCreated:Put", "in/a.gif"));
    }

    @Test
    void load_whenNoExistingBucket_wiresTheOwnBucketsNotificationsAndNoRules() throws Exception {
        TemplateModel model = load(Map.of());

        assertEquals(List.of(), model.rules());
        assertEquals(List.of(), model.existingBucketNames());
        assertEquals(
                "ImagesBucket",
                model.function("EnqueueFunction").s3Events().get(0).bucketLogicalId());
        assertEquals(
                4,
                model.function("EnqueueFunction").s3Events().size(),
                "ObjectCreated, ObjectTagging, ObjectRemoved and LifecycleExpiration");
        assertEquals("", model.environment(model.function("EnqueueFunction")).get("INCLUDE_PREFIXES"));
    }

    @Test
    void load_whenExistingBucket_followsItThroughEventBridgeRulesWithThePrefixes() throws Exception {
        TemplateModel model = load(Map.of(
                "ExistingBucketName",
                "photo-archive",
                "IncludePrefixes",
                "cats/,my dogs/",
                "ExcludePrefixes",
                "cats/raw/"));

        assertEquals(List.of(), model.buckets(), "the stack creates no bucket");
        assertEquals(List.of("photo-archive"), model.existingBucketNames());
        assertEquals(List.of(), model.function("EnqueueFunction").s3Events());
        assertEquals("photo-archive", model.outputs().get("BucketName"));
        Map<String, String> environment = model.environment(model.function("UploadFunction"));
        assertEquals("cats/,my dogs/", environment.get("INCLUDE_PREFIXES"));
        assertEquals("cats/raw/", environment.get("EXCLUDE_PREFIXES"));

        EventRuleSpec created = model.rules().stream()
                .filter(r -> r.logicalId().equals("ExistingBucketCreatedRule"))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of("EnqueueFunction"), created.targetFunctionIds());
        assertEquals("S3EventFailureQueue", created.deadLetterQueueLogicalId());
        assertTrue(S3EventBridgeRouter.matches(
                created.pattern(), event("Object Created", "photo-archive", "my dogs/rex.jpg")));
        assertFalse(
                S3EventBridgeRouter.matches(
                        created.pattern(), event("Object Created", "photo-archive", "birds/tweety.jpg")),
                "outside the include prefixes");
        assertFalse(S3EventBridgeRouter.matches(
                created.pattern(), event("Object Created", "other-bucket", "cats/tom.jpg")));
        assertFalse(S3EventBridgeRouter.matches(
                created.pattern(), event("Object Deleted", "photo-archive", "cats/tom.jpg")));
        EventRuleSpec deleted = model.rules().stream()
                .filter(r -> r.logicalId().equals("ExistingBucketDeletedRule"))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of("EnqueueFunction"), deleted.targetFunctionIds());
        assertTrue(S3EventBridgeRouter.matches(
                deleted.pattern(), event("Object Deleted", "photo-archive", "cats/tom.jpg")));
    }

    @Test
    void load_whenExistingBucketWithoutPrefixes_matchesEveryKeyOfThatBucket() throws Exception {
        TemplateModel model = load(Map.of("ExistingBucketName", "photo-archive"));

        EventRuleSpec created = model.rules().stream()
                .filter(r -> r.logicalId().equals("ExistingBucketCreatedRule"))
                .findFirst()
                .orElseThrow();
        assertTrue(S3EventBridgeRouter.matches(created.pattern(), event("Object Created", "photo-archive", "x.jpg")));
    }

    @Test
    void load_withSnapStartOnOrOff_wiresEveryTriggerToTheAlias() throws Exception {
        for (String snapStart : List.of("None", "PublishedVersions")) {
            TemplateModel own = load(Map.of("SnapStart", snapStart, "BatchBackfill", "Enabled"));
            TemplateModel existing = load(Map.of("SnapStart", snapStart, "ExistingBucketName", "photo-archive"));

            for (FunctionSpec function : own.functions()) {
                assertEquals("live", function.alias(), function.logicalId());
                assertEquals(snapStart.equals("PublishedVersions"), function.snapStart(), function.logicalId());
            }
            assertEquals(
                    List.of("EnqueueFunction", "EnqueueFunction", "EnqueueFunction", "EnqueueFunction"),
                    own.functions().stream()
                            .flatMap(f -> f.s3Events().stream().map(e -> f.logicalId()))
                            .toList(),
                    "the bucket's notifications name the aliases and reach the functions");
            assertEquals(
                    "arn:aws:lambda:us-east-1:000000000000:function:clarifai-s3-sync-BackfillFunction:live",
                    own.outputs().get("BackfillFunctionArn"));
            assertEquals(
                    List.of(List.of("EnqueueFunction"), List.of("EnqueueFunction")),
                    existing.rules().stream()
                            .map(EventRuleSpec::targetFunctionIds)
                            .toList());
            Map<String, String> environment =
                    OfflineStack.functionEnvironment(own, own.function("UploadFunction"), Map.of());
            assertEquals(
                    snapStart.equals("PublishedVersions") ? "snap-start" : "on-demand",
                    environment.get("AWS_LAMBDA_INITIALIZATION_TYPE"));
            assertTrue(OfflineStack.functionArn(own, own.function("UploadFunction"))
                    .endsWith(":live"));
        }
    }

    @Test
    void load_whenATriggerNamesTheAliasResource_resolvesItToTheFunction(@TempDir Path directory) throws Exception {
        Path copy = directory.resolve("template.yaml");
        Files.writeString(
                copy,
                Files.readString(TEMPLATE)
                        .replaceFirst("Arn: !Ref EnqueueFunction\\.Alias", "Arn: !Ref EnqueueFunctionAliaslive")
                        .replace("Arn: !Ref EnqueueFunction.Alias", "Arn: !Sub '${EnqueueFunction.Alias}'"));

        TemplateModel model = TemplateModel.load(
                copy, "s", "000000000000", "us-east-1", Map.of("ExistingBucketName", "photo-archive"));

        assertEquals(
                List.of(List.of("EnqueueFunction"), List.of("EnqueueFunction")),
                model.rules().stream().map(EventRuleSpec::targetFunctionIds).toList());
    }

    private static com.fasterxml.jackson.databind.JsonNode event(String detailType, String bucket, String key) {
        com.fasterxml.jackson.databind.node.ObjectNode event =
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        event.put("source", "aws.s3").put("detail-type", detailType);
        com.fasterxml.jackson.databind.node.ObjectNode detail = event.putObject("detail");
        detail.putObject("bucket").put("name", bucket);
        detail.putObject("object").put("key", key);
        return event;
    }
}

package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.clarifais3sync.offline.template.Specs.FunctionSpec;
import io.github.clarifais3sync.offline.template.Specs.QueueSpec;
import io.github.clarifais3sync.offline.template.Specs.SqsEventSpec;
import io.github.clarifais3sync.offline.template.Specs.TableSpec;
import io.github.clarifais3sync.offline.template.TemplateException;
import io.github.clarifais3sync.offline.template.TemplateModel;

/** Reads the repository's own template.yaml; no emulator needed. */
class TemplateModelTest {

    static final Path TEMPLATE = Path.of("..", "template.yaml");

    private static TemplateModel load(Map<String, String> overrides) throws Exception {
        TemplateModel model = TemplateModel.load(TEMPLATE, "clarifai-s3-sync", "000000000000", "us-east-1", overrides);
        for (QueueSpec queue : model.queues()) {
            model.registerQueue(queue.logicalId(), "http://localhost:1/000000000000/" + queue.queueName(),
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
        assertTrue(delete.s3Events().get(0).matches("LifecycleExpiration:Delete", "a b/c.jpg"));
        assertTrue(delete.s3Events().get(0).matches("ObjectRemoved:DeleteMarkerCreated", "a b/c.jpg"));
    }

    @Test
    void load_whenRepositoryTemplate_resolvesResourcesToLocalNames() throws Exception {
        TemplateModel model = load(Map.of("ClarifaiAppId", "offline"));

        assertEquals("clarifai-s3-sync-000000000000-us-east-1", model.bucket("ImagesBucket").bucketName());
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
        Files.writeString(copy, Files.readString(TEMPLATE).replace("MaximumBatchingWindowInSeconds: 20",
                "MaximumBatchingWindowInSeconds: 0"));

        assertThrows(TemplateException.class,
                () -> TemplateModel.load(copy, "clarifai-s3-sync", "000000000000", "us-east-1", Map.of()));
    }

    @Test
    void load_whenFilterAndShortFormTags_evaluatesThem(@TempDir Path directory) throws Exception {
        Path copy = directory.resolve("template.yaml");
        Files.writeString(copy, Files.readString(TEMPLATE).replace("            Events: s3:ObjectCreated:*\n",
                """
                            Events: [s3:ObjectCreated:Put]
                            Filter:
                              S3Key:
                                Rules:
                                  - Name: prefix
                                    Value: !Join ['', [!Select [0, !Split [',', 'in/,x']], '']]
                                  - Name: suffix
                                    Value: !If [Never, '.gif', '.jpg']
                """).replace("Globals:", "Conditions:\n  Never: !Equals [!Ref LogLevel, NEVER]\n\nGlobals:"));

        TemplateModel model = TemplateModel.load(copy, "s", "000000000000", "us-east-1", Map.of());

        var event = model.function("EnqueueFunction").s3Events().get(0);
        assertTrue(event.matches("ObjectCreated:Put", "in/a.jpg"));
        assertFalse(event.matches("ObjectCreated:Copy", "in/a.jpg"));
        assertFalse(event.matches("ObjectCreated:Put", "out/a.jpg"));
        assertFalse(event.matches("ObjectCreated:Put", "in/a.gif"));
    }
}

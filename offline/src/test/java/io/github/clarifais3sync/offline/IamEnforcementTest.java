package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Each function runs offline with credentials bound to its policies in template.yaml, so a permission the template
 * lacks fails here as it would on AWS. The functions are invoked by hand (no event sources) so that the object can be
 * deleted between the upload and the tag change.
 */
class IamEnforcementTest {

    private static final byte[] IMAGE = SampleObjects.create().get("samples/sunrise.jpg");
    private static final String SEQUENCER = "0067A1B2C3D4E5F600";
    /** Labels read tags under cats/; a lone change is sent at once rather than held for its burst. */
    private static final Map<String, String> LABELS = Map.of("LabelPrefixes", "cats/=cat");

    private static final String[] NO_HOLD = {"LABELS_HOLD_SECONDS: '30'", "LABELS_HOLD_SECONDS: '0'"};
    /** LabelsFunction's ListBucket statement, after its object statement (the upload function's differs). */
    private static final String LABELS_LIST_BUCKET = "s3:GetObjectVersionTagging]\n"
            + "              Resource: !Sub\n"
            + "                - 'arn:${AWS::Partition}:s3:::${Bucket}/*'\n"
            + "                - Bucket: !If [CreateBucket, !Sub '${BucketNamePrefix}-${AWS::AccountId}-${AWS::Region}',"
            + " !Ref ExistingBucketName]\n"
            + "            - Effect: Allow\n"
            + "              Action: [s3:ListBucket]";
    /** UploadFunction's ledger statement, after its queue statement. */
    private static final String UPLOAD_LEDGER = "Resource: !GetAtt UploadQueue.Arn\n"
            + "        - Statement:\n"
            + "            - Effect: Allow\n"
            + "              Action: [dynamodb:GetItem, dynamodb:UpdateItem, dynamodb:Query]";

    @TempDir
    Path directory;

    @Test
    void labels_withThePolicyAsShipped_findsADeletedObjectGoneAndMayDoNothingMore() throws Exception {
        try (PipelineHarness pipeline = start(TestStacks.templateCopy(directory, NO_HOLD))) {
            JsonNode labels = tagChangeOfADeletedObject(pipeline, "cats/deleted.jpg");

            assertEquals(0, labels.path("batchItemFailures").size(), labels.toString());
            assertEquals(404, headStatus(pipeline, "cats/deleted.jpg"));
            pipeline.put("cats/kept.jpg", IMAGE);
            try (S3Client asLabels = asFunction(S3Client.builder().forcePathStyle(true), pipeline, "LabelsFunction")) {
                AwsServiceException denied = assertThrows(
                        AwsServiceException.class,
                        () -> asLabels.deleteObject(
                                d -> d.bucket(pipeline.bucket()).key("cats/kept.jpg")));
                assertEquals("AccessDenied", denied.awsErrorDetails().errorCode(), "not in its policies: " + denied);
            }
        }
    }

    /** https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html: 403 without s3:ListBucket. */
    @Test
    void labels_withoutListBucket_isForbiddenADeletedObjectAndRetries() throws Exception {
        try (PipelineHarness pipeline = start(TestStacks.templateCopy(
                directory,
                NO_HOLD[0],
                NO_HOLD[1],
                LABELS_LIST_BUCKET,
                LABELS_LIST_BUCKET.replace("s3:ListBucket", "s3:GetBucketLocation")))) {
            JsonNode labels = tagChangeOfADeletedObject(pipeline, "cats/deleted.jpg");

            assertEquals(1, labels.path("batchItemFailures").size(), "the change comes back: " + labels);
            assertEquals(403, headStatus(pipeline, "cats/deleted.jpg"));
        }
    }

    @Test
    void upload_withoutDynamoDbUpdateItem_isDeniedAndRetries() throws Exception {
        try (PipelineHarness pipeline = start(TestStacks.templateCopy(
                directory, UPLOAD_LEDGER, UPLOAD_LEDGER.replace("dynamodb:UpdateItem, ", "")))) {
            DirectInvocations functions = new DirectInvocations(pipeline);
            String key = "cats/denied.jpg";
            String eTag = pipeline.put(key, IMAGE);
            functions.invoke(
                    "EnqueueFunction", functions.s3Event("ObjectCreated:Put", key, IMAGE.length, eTag, SEQUENCER));

            JsonNode upload = functions.handleQueued("UploadQueue", "UploadFunction", 1);

            assertEquals(1, upload.path("batchItemFailures").size(), "the object comes back: " + upload);
            // The add goes first and the ledger records it after: that write is the one refused, so the version
            // stays as the enqueue function recorded it.
            assertEquals(
                    List.of("queued"),
                    pipeline.versions(key).stream().map(LedgerView.Row::state).toList());
            try (DynamoDbClient asUpload = asFunction(DynamoDbClient.builder(), pipeline, "UploadFunction")) {
                AwsServiceException denied = assertThrows(
                        AwsServiceException.class,
                        () -> asUpload.updateItem(u -> u.tableName(
                                        pipeline.stack().tableName())
                                .key(Map.of("pk", AttributeValue.fromS("probe"), "sk", AttributeValue.fromS("probe")))
                                .updateExpression("SET probe = :v")
                                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS("1")))));
                assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode(), denied.toString());
            }
        }
    }

    private static PipelineHarness start(Path template) throws Exception {
        return PipelineHarness.start(OfflineStack.builder()
                .template(template)
                .parameterOverrides(LABELS)
                .eventSources(false)
                .enforceIam(true));
    }

    /**
     * Puts a tagged object, has it uploaded and indexed, deletes it, then hands the labels function the tag change
     * S3 announced just before the delete; returns the labels function's response.
     */
    private static JsonNode tagChangeOfADeletedObject(PipelineHarness pipeline, String key) throws Exception {
        DirectInvocations functions = new DirectInvocations(pipeline);
        String eTag = pipeline.put(key, IMAGE);
        functions.invoke("EnqueueFunction", functions.s3Event("ObjectCreated:Put", key, IMAGE.length, eTag, SEQUENCER));
        JsonNode upload = functions.handleQueued("UploadQueue", "UploadFunction", 1);
        assertEquals(0, upload.path("batchItemFailures").size(), upload.toString());
        functions.awaitIndexedByStatusRuns(key);

        pipeline.s3().deleteObject(d -> d.bucket(pipeline.bucket()).key(key));
        functions.invoke("EnqueueFunction", functions.s3Event("ObjectTagging:Put", key, 0, eTag, null));
        return functions.handleQueued("LabelsQueue", "LabelsFunction", 1);
    }

    /** HeadObject's status for the key, signed with the labels function's credentials. */
    private static int headStatus(PipelineHarness pipeline, String key) {
        try (S3Client asLabels = asFunction(S3Client.builder().forcePathStyle(true), pipeline, "LabelsFunction")) {
            return assertThrows(
                            AwsServiceException.class,
                            () -> asLabels.headObject(
                                    h -> h.bucket(pipeline.bucket()).key(key)))
                    .statusCode();
        }
    }

    /** A client with the credentials the stack gave the function (its environment's AWS key). */
    private static <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C asFunction(
            B builder, PipelineHarness pipeline, String function) {
        Map<String, String> environment = pipeline.stack().function(function).environment();
        return builder.endpointOverride(pipeline.stack().aws().endpoint())
                .region(pipeline.stack().aws().region())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        environment.get("AWS_ACCESS_KEY_ID"), environment.get("AWS_SECRET_ACCESS_KEY"))))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }
}

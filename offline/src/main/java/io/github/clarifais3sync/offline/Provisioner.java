package io.github.clarifais3sync.offline;

import io.github.clarifais3sync.offline.template.Specs.IndexSpec;
import io.github.clarifais3sync.offline.template.Specs.KeyElement;
import io.github.clarifais3sync.offline.template.Specs.QueueSpec;
import io.github.clarifais3sync.offline.template.Specs.TableSpec;
import io.github.clarifais3sync.offline.template.TemplateException;
import io.github.clarifais3sync.offline.template.TemplateModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Creates the template's buckets, queues (dead-letter queues first, for their ARNs) and tables in the emulators. */
final class Provisioner {

    private final TemplateModel model;

    Provisioner(TemplateModel model) {
        this.model = model;
    }

    void createBuckets(S3Client s3) {
        model.buckets().forEach(bucket -> {
            try {
                s3.createBucket(request -> request.bucket(bucket.bucketName()));
            } catch (BucketAlreadyOwnedByYouException e) {
                Log.debug("provision.bucket-exists", "bucket", bucket.bucketName());
            }
            Log.info("provision.bucket-created", "logicalId", bucket.logicalId(), "bucket", bucket.bucketName());
        });
    }

    /**
     * The emulators start empty, so a bucket the stack is pointed at ({@code ExistingBucketName}) is created here to
     * stand in for the user's: empty, unversioned, EventBridge off (as an untouched AWS bucket), and outside the
     * stack's resources. Fill it and turn EventBridge on with the AWS CLI (docs/existing-bucket.md).
     */
    void createExistingBuckets(S3Client s3) {
        for (String bucket : model.existingBucketNames()) {
            try {
                s3.createBucket(request -> request.bucket(bucket));
            } catch (BucketAlreadyOwnedByYouException e) {
                Log.debug("provision.bucket-exists", "bucket", bucket);
            }
            Log.info("provision.existing-bucket-stand-in", "bucket", bucket, "eventBridge", "off");
        }
    }

    /** Creates every queue and registers its URL and ARN with the model. */
    void createQueues(SqsClient sqs) {
        Map<String, String> created = new HashMap<>();
        List<QueueSpec> pending = new ArrayList<>(model.queues());
        while (!pending.isEmpty()) {
            QueueSpec next = pending.stream()
                    .filter(queue -> queue.deadLetterQueueLogicalId() == null
                            || created.containsKey(queue.deadLetterQueueLogicalId()))
                    .findFirst()
                    .orElseThrow(() -> new TemplateException("queues' redrive policies form a cycle: " + pending));
            pending.remove(next);
            Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
            attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(next.visibilityTimeoutSeconds()));
            attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, String.valueOf(next.messageRetentionSeconds()));
            attributes.put(QueueAttributeName.DELAY_SECONDS, String.valueOf(next.delaySeconds()));
            if (next.fifo()) {
                attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
            }
            if (next.deadLetterQueueLogicalId() != null) {
                attributes.put(
                        QueueAttributeName.REDRIVE_POLICY,
                        "{\"deadLetterTargetArn\":\""
                                + created.get(next.deadLetterQueueLogicalId()) + "\",\"maxReceiveCount\":"
                                + next.maxReceiveCount() + "}");
            }
            String url = sqs.createQueue(
                            request -> request.queueName(next.queueName()).attributes(attributes))
                    .queueUrl();
            String arn = sqs.getQueueAttributes(
                            request -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes()
                    .get(QueueAttributeName.QUEUE_ARN);
            created.put(next.logicalId(), arn);
            model.registerQueue(next.logicalId(), url, arn);
            Log.info(
                    "provision.queue-created",
                    "logicalId",
                    next.logicalId(),
                    "queueUrl",
                    url,
                    "visibilityTimeoutSeconds",
                    next.visibilityTimeoutSeconds(),
                    "deadLetterQueue",
                    next.deadLetterQueueLogicalId(),
                    "maxReceiveCount",
                    next.maxReceiveCount());
        }
    }

    void createTables(DynamoDbClient dynamoDb) {
        for (TableSpec table : model.tables()) {
            CreateTableRequest.Builder request = CreateTableRequest.builder()
                    .tableName(table.tableName())
                    .keySchema(keySchema(table.keySchema()))
                    .attributeDefinitions(table.attributeTypes().entrySet().stream()
                            .map(entry -> AttributeDefinition.builder()
                                    .attributeName(entry.getKey())
                                    .attributeType(entry.getValue())
                                    .build())
                            .toList());
            boolean onDemand = "PAY_PER_REQUEST".equals(table.billingMode());
            if (onDemand) {
                request.billingMode(BillingMode.PAY_PER_REQUEST);
            } else {
                request.provisionedThroughput(throughput());
            }
            if (!table.globalSecondaryIndexes().isEmpty()) {
                request.globalSecondaryIndexes(table.globalSecondaryIndexes().stream()
                        .map(index -> globalIndex(index, onDemand))
                        .toList());
            }
            try {
                dynamoDb.createTable(request.build());
                dynamoDb.waiter().waitUntilTableExists(describe -> describe.tableName(table.tableName()));
            } catch (ResourceInUseException e) {
                Log.debug("provision.table-exists", "table", table.tableName());
            }
            if (table.timeToLiveAttribute() != null) {
                enableTimeToLive(dynamoDb, table);
            }
            Log.info(
                    "provision.table-created",
                    "logicalId",
                    table.logicalId(),
                    "table",
                    table.tableName(),
                    "indexes",
                    table.globalSecondaryIndexes().stream()
                            .map(IndexSpec::indexName)
                            .toList());
        }
    }

    void createSecret(SecretsManagerClient secretsManager, String name, String value) {
        try {
            secretsManager.createSecret(request -> request.name(name).secretString(value));
        } catch (ResourceExistsException e) {
            secretsManager.putSecretValue(request -> request.secretId(name).secretString(value));
        }
        Log.info("provision.secret-created", "secret", name);
    }

    private static void enableTimeToLive(DynamoDbClient dynamoDb, TableSpec table) {
        try {
            dynamoDb.updateTimeToLive(request -> request.tableName(table.tableName())
                    .timeToLiveSpecification(ttl ->
                            ttl.attributeName(table.timeToLiveAttribute()).enabled(true)));
        } catch (RuntimeException e) {
            Log.warn("provision.ttl-not-enabled", "table", table.tableName(), "error", e.getMessage());
        }
    }

    private static GlobalSecondaryIndex globalIndex(IndexSpec index, boolean onDemand) {
        GlobalSecondaryIndex.Builder builder = GlobalSecondaryIndex.builder()
                .indexName(index.indexName())
                .keySchema(keySchema(index.keySchema()))
                .projection(Projection.builder()
                        .projectionType(index.projectionType())
                        .nonKeyAttributes(index.nonKeyAttributes().isEmpty() ? null : index.nonKeyAttributes())
                        .build());
        if (!onDemand) {
            builder.provisionedThroughput(throughput());
        }
        return builder.build();
    }

    private static List<KeySchemaElement> keySchema(List<KeyElement> elements) {
        return elements.stream()
                .map(element -> KeySchemaElement.builder()
                        .attributeName(element.attributeName())
                        .keyType(element.keyType())
                        .build())
                .toList();
    }

    private static ProvisionedThroughput throughput() {
        return ProvisionedThroughput.builder()
                .readCapacityUnits(5L)
                .writeCapacityUnits(5L)
                .build();
    }
}

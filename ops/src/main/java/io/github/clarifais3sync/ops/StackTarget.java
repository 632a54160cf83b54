package io.github.clarifais3sync.ops;

import io.github.clarifais3sync.config.Setting;
import io.github.clarifais3sync.inputs.PathForm;
import io.github.clarifais3sync.model.KeyFilter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A deployed stack as DescribeStacks reports it: its outputs (the bucket, queues and ledger table) and the
 * parameters it was deployed with (the Clarifai app, the key's secret, the key filter). Parameters the stack does
 * not declare take the functions' own defaults ({@link Setting}), as the template does.
 */
public record StackTarget(String stackName, Map<String, String> outputs, Map<String, String> parameters) {

    public StackTarget {
        outputs = Map.copyOf(outputs);
        parameters = Map.copyOf(parameters);
    }

    public String bucket() {
        return output("BucketName");
    }

    public String ledgerTable() {
        return output("LedgerTableName");
    }

    public String uploadQueueUrl() {
        return output("UploadQueueUrl");
    }

    public String uploadDeadLetterQueueUrl() {
        return output("UploadDeadLetterQueueUrl");
    }

    /** The queue of S3 events the enqueue and delete functions failed on (absent in older stacks). */
    public Optional<String> s3EventFailureQueueUrl() {
        return Optional.ofNullable(outputs.get("S3EventFailureQueueUrl"));
    }

    public String clarifaiBaseUrl() {
        return parameter("ClarifaiApiBaseUrl", Setting.CLARIFAI_API_BASE_URL);
    }

    public PathForm clarifaiPathForm() {
        return PathForm.fromSetting(parameter("ClarifaiPathForm", Setting.CLARIFAI_PATH_FORM));
    }

    public String clarifaiUserId() {
        return parameter("ClarifaiUserId", Setting.CLARIFAI_USER_ID);
    }

    public String clarifaiAppId() {
        return parameter("ClarifaiAppId", Setting.CLARIFAI_APP_ID);
    }

    public String apiKeySecretName() {
        String name = parameters.get("ClarifaiApiKeySecretName");
        if (name == null || name.isBlank()) {
            throw new TargetException("Stack " + stackName + " has no ClarifaiApiKeySecretName parameter");
        }
        return name;
    }

    public Duration deletedItemTtl() {
        return Duration.ofDays(Long.parseLong(parameter("DeletedItemTtlDays", Setting.DELETED_ITEM_TTL_DAYS)));
    }

    /** The synced part of the bucket, as the functions decide it. */
    public KeyFilter keyFilter() {
        return KeyFilter.of(
                parameter("IncludePrefixes", Setting.INCLUDE_PREFIXES),
                parameter("ExcludePrefixes", Setting.EXCLUDE_PREFIXES),
                parameter("ImageSuffixes", Setting.IMAGE_SUFFIXES));
    }

    public String output(String name) {
        String value = outputs.get(name);
        if (value == null || value.isBlank()) {
            throw new TargetException("Stack " + stackName + " has no output " + name + " (outputs: "
                    + String.join(", ", new java.util.TreeSet<>(outputs.keySet())) + ")");
        }
        return value;
    }

    private String parameter(String name, Setting setting) {
        String value = parameters.get(name);
        return value == null ? setting.defaultValue() : value;
    }
}

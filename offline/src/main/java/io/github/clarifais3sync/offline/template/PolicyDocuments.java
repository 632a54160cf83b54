package io.github.clarifais3sync.offline.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.clarifais3sync.offline.template.Specs.FunctionSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A function's {@code Policies} as the IAM policy documents SAM attaches to its execution role
 * (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html#sam-function-policies):
 * inline documents ({@code Statement} with or without {@code Version}) as written, and the SAM policy templates the
 * template may use expanded as SAM expands them
 * (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-template-list.html),
 * ARNs in this stack's partition, region and account. Anything else (an AWS managed policy, a template not listed
 * here) is refused with its name, so that a function never runs with permissions the template does not give it.
 */
public final class PolicyDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "2012-10-17";

    private PolicyDocuments() {}

    /** The function's policy documents (JSON) by a name unique within the function, in template order. */
    public static Map<String, String> of(TemplateModel model, FunctionSpec function) {
        Map<String, String> documents = new LinkedHashMap<>();
        List<Object> policies = model.policies(function);
        for (int i = 0; i < policies.size(); i++) {
            String name = function.logicalId() + "Policy" + i;
            Map<String, Object> document = document(model, function, policies.get(i));
            try {
                documents.put(name, JSON.writeValueAsString(document));
            } catch (JsonProcessingException e) {
                throw new TemplateException(function.logicalId() + " Policies[" + i + "]: " + e.getMessage());
            }
        }
        return documents;
    }

    private static Map<String, Object> document(TemplateModel model, FunctionSpec function, Object policy) {
        if (policy instanceof Map<?, ?> map && map.containsKey("Statement")) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("Version", map.containsKey("Version") ? String.valueOf(map.get("Version")) : VERSION);
            document.put("Statement", map.get("Statement"));
            return document;
        }
        if (policy instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> only = map.entrySet().iterator().next();
            Object parameters = only.getValue();
            return Map.of(
                    "Version",
                    VERSION,
                    "Statement",
                    template(
                            model,
                            function,
                            String.valueOf(only.getKey()),
                            parameters instanceof Map<?, ?> given ? given : Map.of()));
        }
        throw new TemplateException(function.logicalId() + " Policies: " + policy + " has no offline equivalent; "
                + "the offline stack supports inline policy documents and the SAM policy templates "
                + "SQSSendMessagePolicy, SQSPollerPolicy, S3ReadPolicy, S3CrudPolicy, DynamoDBReadPolicy, "
                + "DynamoDBCrudPolicy and AWSSecretsManagerGetSecretValuePolicy");
    }

    private static List<Map<String, Object>> template(
            TemplateModel model, FunctionSpec function, String name, Map<?, ?> parameters) {
        String prefix = "arn:aws:";
        String regional = model.region() + ":" + model.accountId() + ":";
        return switch (name) {
            case "SQSSendMessagePolicy" ->
                List.of(allow(
                        List.of("sqs:SendMessage*"),
                        prefix + "sqs:" + regional + parameter(function, name, parameters, "QueueName")));
            case "SQSPollerPolicy" ->
                List.of(allow(
                        List.of(
                                "sqs:ChangeMessageVisibility",
                                "sqs:ChangeMessageVisibilityBatch",
                                "sqs:DeleteMessage",
                                "sqs:DeleteMessageBatch",
                                "sqs:GetQueueAttributes",
                                "sqs:ReceiveMessage"),
                        prefix + "sqs:" + regional + parameter(function, name, parameters, "QueueName")));
            case "S3ReadPolicy", "S3CrudPolicy" -> {
                String bucket = prefix + "s3:::" + parameter(function, name, parameters, "BucketName");
                List<String> actions = new ArrayList<>(List.of(
                        "s3:GetObject",
                        "s3:ListBucket",
                        "s3:GetBucketLocation",
                        "s3:GetObjectVersion",
                        "s3:GetLifecycleConfiguration"));
                if (name.equals("S3CrudPolicy")) {
                    actions.addAll(List.of(
                            "s3:PutObject", "s3:PutObjectAcl", "s3:PutLifecycleConfiguration", "s3:DeleteObject"));
                }
                yield List.of(allow(actions, bucket, bucket + "/*"));
            }
            case "DynamoDBReadPolicy", "DynamoDBCrudPolicy" -> {
                String table =
                        prefix + "dynamodb:" + regional + "table/" + parameter(function, name, parameters, "TableName");
                List<String> actions = name.equals("DynamoDBReadPolicy")
                        ? List.of(
                                "dynamodb:GetItem",
                                "dynamodb:Scan",
                                "dynamodb:Query",
                                "dynamodb:BatchGetItem",
                                "dynamodb:DescribeTable")
                        : List.of(
                                "dynamodb:GetItem",
                                "dynamodb:DeleteItem",
                                "dynamodb:PutItem",
                                "dynamodb:Scan",
                                "dynamodb:Query",
                                "dynamodb:UpdateItem",
                                "dynamodb:BatchWriteItem",
                                "dynamodb:BatchGetItem",
                                "dynamodb:DescribeTable",
                                "dynamodb:ConditionCheckItem");
                yield List.of(allow(actions, table, table + "/index/*"));
            }
            case "AWSSecretsManagerGetSecretValuePolicy" ->
                List.of(allow(
                        List.of("secretsmanager:GetSecretValue"), parameter(function, name, parameters, "SecretArn")));
            default ->
                throw new TemplateException(
                        function.logicalId() + " Policies: the policy template " + name + " has no offline equivalent");
        };
    }

    private static Map<String, Object> allow(List<String> actions, String... resources) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Effect", "Allow");
        statement.put("Action", actions);
        statement.put("Resource", List.of(resources));
        return statement;
    }

    private static String parameter(FunctionSpec function, String template, Map<?, ?> parameters, String name) {
        Object value = parameters.get(name);
        if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new TemplateException(
                    function.logicalId() + " Policies: " + template + " needs " + name + " as a string, got " + value);
        }
        return String.valueOf(value);
    }
}

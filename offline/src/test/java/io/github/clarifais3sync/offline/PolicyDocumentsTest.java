package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.offline.template.PolicyDocuments;
import io.github.clarifais3sync.offline.template.TemplateException;
import io.github.clarifais3sync.offline.template.TemplateModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IAM documents each function of template.yaml runs with offline; no emulator needed. */
class PolicyDocumentsTest {

    private static final String BUCKET = "clarifai-s3-sync-000000000000-us-east-1";
    private static final String TABLE = "arn:aws:dynamodb:us-east-1:000000000000:table/clarifai-s3-sync-LedgerTable";

    /** The start of DeleteFunction's Policies, as template.yaml writes it. */
    private static final String DELETE_POLICIES = "      Policies:\n        - Statement:\n            - Effect: Allow\n"
            + "              Action: [dynamodb:UpdateItem, dynamodb:Query]";

    @TempDir
    Path directory;

    private static TemplateModel load(Path template, Map<String, String> overrides) throws Exception {
        return TemplateModel.load(template, "clarifai-s3-sync", "000000000000", "us-east-1", overrides);
    }

    /** Every statement of the function's documents as "Effect Action… on Resource…". */
    private static List<String> statements(TemplateModel model, String function) throws Exception {
        List<String> statements = new ArrayList<>();
        for (String document :
                PolicyDocuments.of(model, model.function(function)).values()) {
            JsonNode parsed = Json.MAPPER.readTree(document);
            assertEquals("2012-10-17", parsed.path("Version").asText());
            for (JsonNode statement : parsed.path("Statement")) {
                statements.add(statement.path("Effect").asText() + " " + texts(statement.path("Action")) + " on "
                        + texts(statement.path("Resource")));
            }
        }
        return statements;
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(item -> texts.add(item.asText()));
        } else {
            texts.add(node.asText());
        }
        return texts;
    }

    @Test
    void labelsFunction_getsItsStatementsWithResolvedArns_listBucketOnTheBucketItself() throws Exception {
        List<String> labels = statements(load(TestStacks.TEMPLATE, Map.of()), "LabelsFunction");

        assertEquals(
                List.of(
                        "Allow [s3:GetObject, s3:GetObjectVersion, s3:GetObjectTagging, s3:GetObjectVersionTagging] on [arn:aws:s3:::"
                                + BUCKET + "/*]",
                        "Allow [s3:ListBucket] on [arn:aws:s3:::" + BUCKET + "]",
                        "Allow [sqs:ChangeMessageVisibility] on [arn:aws:sqs:us-east-1:000000000000:clarifai-s3-sync-LabelsQueue]",
                        "Allow [dynamodb:GetItem, dynamodb:UpdateItem, dynamodb:Query] on [" + TABLE + "]",
                        "Allow [secretsmanager:GetSecretValue] on [arn:aws:secretsmanager:us-east-1:000000000000:secret:"
                                + "clarifai-s3-sync/api-key-??????]"),
                labels);
    }

    @Test
    void samPolicyTemplates_expandAsSamExpandsThem() throws Exception {
        TemplateModel model = load(TestStacks.TEMPLATE, Map.of());

        List<String> enqueue = statements(model, "EnqueueFunction");
        List<String> status = statements(model, "StatusFunction");

        assertEquals(
                "Allow [sqs:SendMessage*] on [arn:aws:sqs:us-east-1:000000000000:clarifai-s3-sync-UploadQueue]",
                enqueue.get(0));
        assertTrue(status.contains("Allow [dynamodb:Query] on [" + TABLE + "/index/pending]"), status.toString());
    }

    @Test
    void includePrefixes_narrowTheObjectResources() throws Exception {
        List<String> upload =
                statements(load(TestStacks.TEMPLATE, Map.of("IncludePrefixes", "a/,b/")), "UploadFunction");

        assertTrue(
                upload.get(0).endsWith("on [arn:aws:s3:::" + BUCKET + "/a/*, arn:aws:s3:::" + BUCKET + "/b/*]"),
                upload.get(0));
    }

    @Test
    void aManagedPolicyOfTheTemplate_isInlined_andOneFromOutside_isRefusedByName() throws Exception {
        Path withManaged = TestStacks.templateCopy(
                directory,
                "\nResources:\n",
                "\nResources:\n"
                        + "  ExtraPolicy:\n"
                        + "    Type: AWS::IAM::ManagedPolicy\n"
                        + "    Properties:\n"
                        + "      PolicyDocument:\n"
                        + "        Version: '2012-10-17'\n"
                        + "        Statement:\n"
                        + "          - Effect: Allow\n"
                        + "            Action: s3:PutObject\n"
                        + "            Resource: !Sub 'arn:${AWS::Partition}:s3:::elsewhere/*'\n",
                DELETE_POLICIES,
                DELETE_POLICIES.replace("Policies:\n", "Policies:\n        - !Ref ExtraPolicy\n"));
        assertEquals(
                "Allow [s3:PutObject] on [arn:aws:s3:::elsewhere/*]",
                statements(load(withManaged, Map.of()), "DeleteFunction").get(0));

        Path withOutside = TestStacks.templateCopy(
                directory,
                DELETE_POLICIES,
                DELETE_POLICIES.replace("Policies:\n", "Policies:\n        - AmazonS3FullAccess\n"));
        TemplateModel model = load(withOutside, Map.of());
        TemplateException refused = assertThrows(
                TemplateException.class, () -> PolicyDocuments.of(model, model.function("DeleteFunction")));
        assertTrue(refused.getMessage().contains("AmazonS3FullAccess"), refused.getMessage());
    }
}

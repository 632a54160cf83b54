package io.github.clarifais3sync.local.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudFormationStacksTest {

    private final CloudFormationStacks stacks = new CloudFormationStacks();

    CloudFormationStacksTest() {
        stacks.put(CloudFormationStacks.Stack.of(
                "demo",
                "us-east-1",
                "000000000000",
                Map.of("ClarifaiAppId", "app & co"),
                Map.of("BucketName", "demo-bucket")));
    }

    @Test
    void describesAStackByNameWithItsParametersAndOutputs() {
        AwsGateway.LocalResponse response = stacks.handle(
                "POST",
                null,
                "Action=DescribeStacks&Version=2010-05-15&StackName=demo".getBytes(StandardCharsets.UTF_8));
        String xml = new String(response.body(), StandardCharsets.UTF_8);
        assertEquals(200, response.status());
        assertTrue(xml.contains("<StackName>demo</StackName>"), xml);
        assertTrue(
                xml.contains(
                        "<ParameterKey>ClarifaiAppId</ParameterKey><ParameterValue>app &amp; co" + "</ParameterValue>"),
                xml);
        assertTrue(xml.contains("<OutputKey>BucketName</OutputKey><OutputValue>demo-bucket</OutputValue>"), xml);
    }

    @Test
    void anUnknownStackIsAValidationErrorAsCloudFormationAnswers() {
        AwsGateway.LocalResponse response =
                stacks.handle("POST", null, "Action=DescribeStacks&StackName=other".getBytes(StandardCharsets.UTF_8));
        String xml = new String(response.body(), StandardCharsets.UTF_8);
        assertEquals(400, response.status());
        assertTrue(
                xml.contains("<Code>ValidationError</Code><Message>Stack with id other does not exist</Message>"), xml);
    }

    @Test
    void otherActionsAreRefused() {
        AwsGateway.LocalResponse response =
                stacks.handle("POST", null, "Action=DeleteStack&StackName=demo".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, response.status());
        assertTrue(new String(response.body(), StandardCharsets.UTF_8).contains("InvalidAction"));
    }
}

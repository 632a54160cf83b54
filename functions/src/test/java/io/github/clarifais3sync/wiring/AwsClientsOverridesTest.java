package io.github.clarifais3sync.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.regions.Region;

class AwsClientsOverridesTest {

    @Test
    void awsOverrides_fromAnEnvironment_takeTheVariablesTheSdkWouldReadFromTheProcess() {
        AwsClients.Overrides overrides = AwsClients.Overrides.fromEnvironment(Map.of(
                "AWS_REGION",
                "eu-west-1",
                "AWS_ENDPOINT_URL",
                "http://127.0.0.1:4566",
                "AWS_ENDPOINT_URL_DYNAMODB",
                "http://127.0.0.1:8000",
                "AWS_ACCESS_KEY_ID",
                "test",
                "AWS_SECRET_ACCESS_KEY",
                "secret"));

        assertEquals(Optional.of(Region.EU_WEST_1), overrides.region());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:8000")), overrides.endpointFor("DYNAMODB"));
        assertEquals(Optional.of(URI.create("http://127.0.0.1:4566")), overrides.endpointFor("S3"));
        assertEquals(
                "test",
                overrides.credentials().orElseThrow().resolveCredentials().accessKeyId());
        assertEquals(AwsClients.Overrides.none(), AwsClients.Overrides.fromEnvironment(Map.of("PATH", "/bin")));
    }

    @Test
    void forLambda_whenTheExecutionRoleIsInTheEnvironment_namesTheEnvironmentProviderAndTheRegion() {
        AwsClients.Overrides overrides = AwsClients.Overrides.forLambda(Map.of(
                "AWS_REGION",
                "eu-west-1",
                "AWS_ACCESS_KEY_ID",
                "AKIDEXAMPLE",
                "AWS_SECRET_ACCESS_KEY",
                "secret",
                "AWS_SESSION_TOKEN",
                "token",
                "AWS_ENDPOINT_URL",
                "http://127.0.0.1:4566"));

        assertEquals(Optional.of(Region.EU_WEST_1), overrides.region());
        assertInstanceOf(
                EnvironmentVariableCredentialsProvider.class,
                overrides.credentials().orElseThrow());
        assertTrue(overrides.endpoint().isEmpty() && overrides.endpoints().isEmpty(), "endpoints stay with the SDK");
    }

    @Test
    void forLambda_withoutKeysInTheEnvironment_leavesCredentialsToTheSdksDefaultChain() {
        AwsClients.Overrides overrides = AwsClients.Overrides.forLambda(Map.of(
                "AWS_REGION",
                "us-east-1",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://127.0.0.1:9001/2018-06-01/credentials"));

        assertEquals(Optional.of(Region.US_EAST_1), overrides.region());
        assertTrue(overrides.credentials().isEmpty());
    }
}

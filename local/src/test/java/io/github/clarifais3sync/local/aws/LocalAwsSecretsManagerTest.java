package io.github.clarifais3sync.local.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

@ExtendWith(SharedLocalAws.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalAwsSecretsManagerTest {
    private SecretsManagerClient secrets;

    @BeforeAll
    void start(LocalAws aws) {
        this.secrets = aws.secretsManagerClient();
    }

    @AfterAll
    void closeClient() {
        secrets.close();
    }

    @Test
    void createGetPutAndDescribeThroughTheSdk() {
        String name = "clarifai/pat-" + UUID.randomUUID();
        CreateSecretResponse created = secrets.createSecret(
                c -> c.name(name).secretString("{\"pat\":\"one\"}").description("Clarifai PAT"));
        assertTrue(created.arn().startsWith("arn:aws:secretsmanager:us-east-1:000000000000:secret:" + name + "-"));

        GetSecretValueResponse byName = secrets.getSecretValue(g -> g.secretId(name));
        assertEquals("{\"pat\":\"one\"}", byName.secretString());
        assertEquals(created.versionId(), byName.versionId());
        assertEquals(List.of("AWSCURRENT"), byName.versionStages());
        assertEquals(
                byName.secretString(),
                secrets.getSecretValue(g -> g.secretId(created.arn())).secretString());

        String second = secrets.putSecretValue(p -> p.secretId(name).secretString("{\"pat\":\"two\"}"))
                .versionId();
        assertEquals(
                "{\"pat\":\"two\"}",
                secrets.getSecretValue(g -> g.secretId(name)).secretString());
        assertEquals(
                "{\"pat\":\"one\"}",
                secrets.getSecretValue(g -> g.secretId(name).versionStage("AWSPREVIOUS"))
                        .secretString());

        DescribeSecretResponse described = secrets.describeSecret(d -> d.secretId(name));
        assertEquals("Clarifai PAT", described.description());
        assertEquals(List.of("AWSCURRENT"), described.versionIdsToStages().get(second));
        assertEquals(List.of("AWSPREVIOUS"), described.versionIdsToStages().get(created.versionId()));
    }

    @Test
    void errorsAreTheSdksExceptions() {
        assertThrows(ResourceNotFoundException.class, () -> secrets.getSecretValue(g -> g.secretId("no-such")));
        String name = "dup-" + UUID.randomUUID();
        secrets.createSecret(c -> c.name(name).secretString("x"));
        assertThrows(
                ResourceExistsException.class,
                () -> secrets.createSecret(c -> c.name(name).secretString("y")));
    }
}

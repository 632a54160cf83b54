package io.github.clarifais3sync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncCliTest {

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SyncCli.execute(
                Map.of(), StopFlag.manual(), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        for (String command : List.of("status", "failures", "retry", "reconcile", "explain", "purge")) {
            Result help = run(command, "--help");
            assertEquals(0, help.code(), command);
            assertTrue(help.out().contains("./clarifai-sync " + command + " --stack"), command + ":\n" + help.out());
        }
    }

    @Test
    void aMissingStackOrSelectionIsAUsageErrorBeforeAnythingIsContacted() {
        Result noStack = run("status");
        assertEquals(2, noStack.code());
        assertTrue(noStack.err().contains("Missing required option: '--stack=NAME'"), noStack.err());
        Result noSelection = run("retry", "--stack", "s");
        assertEquals(2, noSelection.code());
        assertTrue(noSelection.err().contains("--all"), noSelection.err());
    }

    @Test
    void anS3LocationMustNameABucketAndAKey() {
        assertEquals(new S3Location("b", "a/b c.jpg"), S3Location.parse("s3://b/a/b c.jpg"));
        for (String bad : new String[] {"b/key", "s3://b", "s3://b/", "s3:///key"}) {
            try {
                S3Location.parse(bad);
                throw new AssertionError("accepted " + bad);
            } catch (TargetException expected) {
                assertTrue(expected.getMessage().contains("s3://bucket/key"), expected.getMessage());
            }
        }
    }
}

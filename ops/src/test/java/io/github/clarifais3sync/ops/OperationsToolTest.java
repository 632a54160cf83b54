package io.github.clarifais3sync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.inputs.Input;
import io.github.clarifais3sync.inputs.NewInput;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.LedgerEntry;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.storage.StoredObject;
import io.github.clarifais3sync.sync.InputMetadata;
import io.github.clarifais3sync.testing.Poll;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Every command of the tool against the offline stack, with drift the test makes itself behind the product's back:
 * an input deleted, an object deleted while the delete function was failing, an input added by hand, a duplicate
 * input, and an object whose bytes Clarifai cannot fetch as an image.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsToolTest {

    private static final String KEEP = "photos/keep.png";
    private static final String VANISH = "photos/vanish.png";
    private static final String ORPHAN = "photos/orphan.png";
    private static final String DUPLICATE = "photos/a b+c(1):dup.png";
    private static final String BROKEN = "photos/broken.jpg";

    private OfflineTarget target;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        target = OfflineTarget.start(directory);
    }

    @AfterAll
    void stop() {
        if (target != null) {
            target.close();
        }
    }

    /** First: it needs a bucket and an app in agreement to begin with. */
    @Test
    @Order(1)
    void zeroByteImages_areNotSynced_soBackfillReconcileAndRepairAgree_andNothingFails() throws Exception {
        target.put("empty/one.jpg", new byte[0]);
        target.put("empty/two.png", new byte[0]);
        target.put("empty/real.png", OfflineTarget.png(40));
        // An image overwritten with zero bytes: its input goes, and nothing failed.
        target.put("empty/emptied.png", OfflineTarget.png(41));
        Poll.until(
                "the images indexed",
                OfflineTarget.TIMEOUT,
                () -> List.of("empty/real.png", "empty/emptied.png").stream()
                        .allMatch(key ->
                                target.ledgerVersions(key).stream().anyMatch(v -> v.state() == InputState.INDEXED)));
        target.put("empty/emptied.png", new byte[0]);
        Poll.until(
                "the emptied image's input removed",
                OfflineTarget.TIMEOUT,
                () -> target.appInputs("empty/emptied.png").isEmpty()
                        && target.ledgerVersions("empty/emptied.png").stream()
                                .noneMatch(v -> v.state().awaitsStatus() || v.state() == InputState.QUEUED));

        OfflineTarget.Run backfill = target.run("backfill", "--stack", OfflineTarget.STACK);
        assertEquals(0, backfill.exitCode(), backfill.out() + backfill.err());
        OfflineTarget.Run first = target.run("reconcile", "--stack", OfflineTarget.STACK);
        OfflineTarget.Run repair = target.run("reconcile", "--stack", OfflineTarget.STACK, "--repair");
        assertEquals(0, repair.exitCode(), repair.out() + repair.err());
        OfflineTarget.Run after = target.run("reconcile", "--stack", OfflineTarget.STACK);
        OfflineTarget.Run failures = target.run("failures", "--stack", OfflineTarget.STACK);

        for (OfflineTarget.Run reconcile : List.of(first, after)) {
            assertEquals(0, reconcile.exitCode(), reconcile.out() + reconcile.err());
            assertTrue(reconcile.out().contains("In agreement."), reconcile.out());
        }
        assertEquals(0, failures.exitCode(), failures.out());
        assertTrue(failures.out().contains("No failed versions."), failures.out());
        assertTrue(
                target.ledgerVersions("empty/emptied.png").stream().allMatch(v -> v.state() == InputState.DELETED),
                target.ledgerVersions("empty/emptied.png").toString());
        assertTrue(
                target.ledgerVersions("empty/one.jpg").isEmpty()
                        && target.ledgerVersions("empty/two.png").isEmpty(),
                "an empty object that replaced nothing is never queued");
    }

    @Test
    @Disabled("Its second drift waits for a failed delete on the S3 failure queue; removals now go through the removals"
            + " queue and retry there, so the drift must be rebuilt on that queue (and `status` taught its DLQ)")
    void reconcileReportsEachDrift_repairConverges_andPurgeLeavesForeignInputsAlone() throws Exception {
        String bucket = target.bucket();
        target.put(KEEP, OfflineTarget.png(1));
        target.put(VANISH, OfflineTarget.png(2));
        target.put(ORPHAN, OfflineTarget.png(3));
        target.put(DUPLICATE, OfflineTarget.png(4));
        target.put(BROKEN, "these bytes are no image".getBytes(StandardCharsets.UTF_8));
        Poll.until("four keys indexed and one failed", OfflineTarget.TIMEOUT, () -> {
            List<LedgerEntry> versions = target.ledgerVersions();
            return versions.stream()
                                    .filter(v -> v.key().startsWith("photos/") && v.state() == InputState.INDEXED)
                                    .count()
                            == 4
                    && versions.stream().anyMatch(v -> v.key().equals(BROKEN) && v.state() == InputState.FAILED);
        });

        long indexed = target.ledgerVersions().stream()
                .filter(v -> v.state() == InputState.INDEXED)
                .count();
        OfflineTarget.Run status = target.run("status", "--stack", OfflineTarget.STACK);
        assertEquals(0, status.exitCode(), status.err());
        assertTrue(
                matches(status.out(), "indexed\\s+" + indexed) && matches(status.out(), "failed\\s+1"), status.out());

        OfflineTarget.Run failures = target.run("failures", "--stack", OfflineTarget.STACK, "--json");
        assertEquals(1, failures.exitCode(), failures.err());
        JsonNode groups = Json.MAPPER.readTree(failures.out());
        assertEquals(1, groups.size());
        assertEquals(BROKEN, groups.get(0).at("/failures/0/key").asText());

        OfflineTarget.Run explain =
                target.run("explain", "--stack", OfflineTarget.STACK, "s3://" + bucket + "/" + DUPLICATE);
        assertEquals(0, explain.exitCode(), explain.err());
        assertTrue(explain.out().contains("indexed") && explain.out().contains("app: code 30000"), explain.out());

        // Drift 1: an input deleted behind the product's back.
        String vanished = target.ledgerVersions(VANISH).get(0).inputId();
        target.inputs().deleteInput(vanished, OfflineTarget.deadline());
        // Drift 2: an object deleted while the delete function fails (every Inputs API call answers 503).
        target.inputsApi().faults().failRequestsAtRate(1.0, 503, 10030);
        target.s3().deleteObject(r -> r.bucket(bucket).key(ORPHAN));
        try (SqsClient sqs = target.stack().aws().sqsClient()) {
            String failed = target.stack().model().outputs().get("S3EventFailureQueueUrl");
            Poll.until(
                    "the delete event on the S3 failure queue",
                    OfflineTarget.TIMEOUT,
                    () -> Queues.depth(sqs, failed).total() > 0);
        }
        target.inputsApi().faults().clear();
        // Drift 3: an input added by hand, which the product never touched.
        target.inputs()
                .addInputs(
                        List.of(NewInput.fromBytes("added-by-hand", OfflineTarget.png(9))), OfflineTarget.deadline());
        // Drift 4: a second input for the same object.
        Input original = target.appInputs(DUPLICATE).get(0);
        target.inputs()
                .addInputs(
                        List.of(NewInput.fromBytes("duplicate-copy", OfflineTarget.png(4))
                                .withMetadata(((ObjectNode) original.metadata()).deepCopy())),
                        OfflineTarget.deadline());

        String before = snapshot();
        OfflineTarget.Run report = target.run("reconcile", "--stack", OfflineTarget.STACK);
        assertEquals(1, report.exitCode(), report.err() + report.out());
        String text = report.out();
        for (String line : List.of(
                "missing\\s+1", "orphan\\s+1", "stale\\s+0", "duplicate\\s+1", "failed\\s+1", "never touched\\s+1")) {
            assertTrue(matches(text, line), line + " in\n" + text);
        }
        assertTrue(text.contains("missing     s3://" + bucket + "/" + VANISH), text);
        assertTrue(text.contains("orphan      s3://" + bucket + "/" + ORPHAN), text);
        assertTrue(text.contains("duplicate   s3://" + bucket + "/" + DUPLICATE), text);
        assertTrue(text.contains("failed      s3://" + bucket + "/" + BROKEN), text);
        assertTrue(text.contains("never touched: added-by-hand"), text);
        assertEquals(before, snapshot(), "a dry run changes nothing");

        OfflineTarget.Run deadLetters = target.run("status", "--stack", OfflineTarget.STACK);
        assertEquals(1, deadLetters.exitCode(), "the failed delete event sits on the S3 failure queue");

        OfflineTarget.Run repair = target.run("reconcile", "--stack", OfflineTarget.STACK, "--repair");
        assertEquals(0, repair.exitCode(), repair.err() + repair.out());
        Poll.until(
                "the vanished input added again and indexed",
                OfflineTarget.TIMEOUT,
                () -> target.appInputs(VANISH).size() == 1
                        && target.ledgerVersions(VANISH).stream().anyMatch(v -> v.state() == InputState.INDEXED));
        OfflineTarget.Run after = target.run("reconcile", "--stack", OfflineTarget.STACK);
        for (String line : List.of(
                "missing\\s+0",
                "orphan\\s+0",
                "stale\\s+0",
                "duplicate\\s+0",
                "ledger-only\\s+0",
                "pending\\s+0",
                "failed\\s+1",
                "never touched\\s+1")) {
            assertTrue(matches(after.out(), line), line + " in\n" + after.out());
        }
        assertEquals(List.of(), target.appInputs(ORPHAN));
        assertTrue(target.ledgerVersions(ORPHAN).stream().allMatch(v -> v.state() == InputState.DELETED));
        assertEquals(
                List.of(original.id()),
                target.appInputs(DUPLICATE).stream().map(Input::id).toList());

        // retry: the failed version goes through the pipeline again (and fails again: its bytes are no image).
        OfflineTarget.Run retry =
                target.run("retry", "--stack", OfflineTarget.STACK, "--code", "30300", "--delay", "0");
        assertEquals(0, retry.exitCode(), retry.err());
        Poll.until(
                "the failed version posted a second time",
                OfflineTarget.TIMEOUT,
                () -> target.ledgerVersions(BROKEN).stream()
                        .anyMatch(v -> v.state() == InputState.FAILED && v.attempts() == 2));

        long products = target.appInputs().stream()
                .filter(i -> i.metadata().has("s3_bucket"))
                .count();
        OfflineTarget.Run purge = target.run("purge", "--stack", OfflineTarget.STACK, "--yes");
        assertEquals(0, purge.exitCode(), purge.err());
        assertTrue(
                purge.out().contains("Will delete " + products + " input(s)")
                        && purge.out().contains("1 other input(s) stay"),
                purge.out());
        // Deletes are asynchronous (the local Inputs API, like Clarifai, removes an input shortly after the request).
        Poll.until(
                "only the input added by hand left",
                OfflineTarget.TIMEOUT,
                () -> target.appInputs().stream().map(Input::id).toList().equals(List.of("added-by-hand")));
        assertTrue(
                target.ledgerVersions().stream().allMatch(v -> v.state() == InputState.DELETED),
                target.ledgerVersions().toString());
    }

    /** Last: it purges every input of the product, the other tests' too. */
    @Test
    @Order(Integer.MAX_VALUE)
    void purge_overKeysWithControlCharactersAndBackslashes_removesExactlyThoseInputsAndMarksExactlyThoseKeys()
            throws Exception {
        // A carriage return, a tab, a backslash, and a backslash followed by n (not a line feed), through the pipeline.
        List<String> piped =
                List.of("odd/carriage\rreturn.png", "odd/tab\there.png", "odd/back\\slash.png", "odd/literal\\n.png");
        for (int i = 0; i < piped.size(); i++) {
            target.put(piped.get(i), OfflineTarget.png(20 + i));
        }
        // A line feed too: S3 takes it, the offline S3 (moto) does not, so its version and input are made as the
        // pipeline would have made them.
        String lineFeed = "odd/line\nfeed.png";
        ObjectVersion version = ObjectVersion.of(
                target.bucket(), lineFeed, 100, "0123456789abcdef0123456789abcdef", null, "00000000000000000A", null);
        target.ledger().recordQueued(version, java.time.Instant.now());
        target.ledger().markPosted(version, java.time.Instant.now());
        target.inputs()
                .addInputs(
                        List.of(NewInput.fromBytes(version.inputId(), OfflineTarget.png(25))
                                .withMetadata(InputMetadata.of(
                                        version, new StoredObject(100, version.eTag(), "image/png", null, Map.of())))),
                        OfflineTarget.deadline());
        List<String> keys = new java.util.ArrayList<>(piped);
        keys.add(lineFeed);
        Poll.until(
                "the odd keys indexed",
                OfflineTarget.TIMEOUT,
                () -> piped.stream()
                                .allMatch(key -> target.ledgerVersions(key).stream()
                                        .anyMatch(v -> v.state() == InputState.INDEXED))
                        && target.appInputs(lineFeed).size() == 1);
        target.inputs()
                .addInputs(
                        List.of(NewInput.fromBytes("foreign-beside-odd-keys", OfflineTarget.png(29))),
                        OfflineTarget.deadline());
        Set<String> foreign = target.appInputs().stream()
                .filter(i -> !i.metadata().has("s3_bucket"))
                .map(Input::id)
                .collect(Collectors.toSet());
        Set<String> ledgerKeys =
                target.ledgerVersions().stream().map(LedgerEntry::key).collect(Collectors.toSet());
        Set<String> oddInputs = keys.stream()
                .flatMap(key -> target.appInputs(key).stream())
                .map(Input::id)
                .collect(Collectors.toSet());
        assertEquals(keys.size(), oddInputs.size(), "one input per odd key");

        OfflineTarget.Run purge = target.run("purge", "--stack", OfflineTarget.STACK, "--yes");

        assertEquals(0, purge.exitCode(), purge.out() + purge.err());
        Poll.until(
                "only the inputs the product did not create left",
                OfflineTarget.TIMEOUT,
                () -> target.appInputs().stream()
                        .map(Input::id)
                        .collect(Collectors.toSet())
                        .equals(foreign));
        for (String key : keys) {
            List<LedgerEntry> versions = target.ledgerVersions(key);
            assertTrue(
                    !versions.isEmpty()
                            && versions.stream()
                                    .allMatch(v -> v.state() == InputState.DELETED && oddInputs.contains(v.inputId())),
                    key + ": " + versions);
        }
        assertEquals(
                ledgerKeys,
                target.ledgerVersions().stream().map(LedgerEntry::key).collect(Collectors.toSet()),
                "no version marked under a key that was never in the bucket");
    }

    @Test
    void keysAndDescriptions_arePrintedWithTheirControlCharactersEscaped() throws Exception {
        // ESC [2J clears a terminal; U+009B is the one-character CSI; U+202E reverses the rest of the line.
        String key = "escape/\u001b[2Jcleared\u009b31m\u202eevil.jpg";
        target.put(key, "these bytes are no image".getBytes(StandardCharsets.UTF_8));
        try {
            Poll.until(
                    "the object recorded failed",
                    OfflineTarget.TIMEOUT,
                    () -> target.ledgerVersions(key).stream().anyMatch(v -> v.state() == InputState.FAILED));

            // Not reconcile: the offline S3 (moto) lists such a key as XML no parser reads.
            for (OfflineTarget.Run run : List.of(
                    target.run("failures", "--stack", OfflineTarget.STACK),
                    target.run("failures", "--stack", OfflineTarget.STACK, "--json"),
                    target.run("explain", "--stack", OfflineTarget.STACK, "s3://" + target.bucket() + "/" + key))) {
                String printed = run.out() + run.err();
                assertTrue(
                        printed.chars()
                                .noneMatch(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == 0x202e),
                        "a control character reached the terminal: " + printed);
                assertTrue(printed.contains("escape/\\u001B[2Jcleared\\u009B31m\\u202Eevil.jpg"), printed);
            }
            JsonNode failures = Json.MAPPER.readTree(target.run("failures", "--stack", OfflineTarget.STACK, "--json")
                    .out());
            assertTrue(failures.findValuesAsText("key").contains(key), "--json still reads back as the key itself");
        } finally {
            // Leave the other tests a bucket without this failure.
            target.s3().deleteObject(r -> r.bucket(target.bucket()).key(key));
            Poll.until(
                    "the failed object deleted",
                    OfflineTarget.TIMEOUT,
                    () -> target.ledgerVersions(key).stream().allMatch(v -> v.state() == InputState.DELETED));
        }
    }

    @Test
    void badInput_getsOneClearMessage_exitTwo_andChangesNothing() throws Exception {
        target.put("bad-input/cat.png", OfflineTarget.png(5));
        Poll.until(
                "the object indexed",
                OfflineTarget.TIMEOUT,
                () -> target.ledgerVersions("bad-input/cat.png").stream()
                        .anyMatch(v -> v.state() == InputState.INDEXED));
        String before = snapshot();

        expectUsageError(target.run("status", "--stack", "no-such-stack"), "Stack no-such-stack does not exist");
        expectUsageError(
                target.run(target.environmentWith("AWS_ACCESS_KEY_ID", null), "status", "--stack", OfflineTarget.STACK),
                "No AWS credentials found");
        expectUsageError(
                target.run("explain", "--stack", OfflineTarget.STACK, "s3://" + target.bucket() + "/never/seen.jpg"),
                "is unknown");
        expectUsageError(
                target.run("explain", "--stack", OfflineTarget.STACK, "s3://other-bucket/x.jpg"),
                "is not in the stack's bucket");

        String secret = target.stack().model().parameters().get("ClarifaiApiKeySecretName");
        try (var secrets = target.stack().aws().secretsManagerClient()) {
            String key = secrets.getSecretValue(r -> r.secretId(secret)).secretString();
            secrets.putSecretValue(r -> r.secretId(secret).secretString("wrong-key-12345"));
            try {
                OfflineTarget.Run wrongKey = target.run("purge", "--stack", OfflineTarget.STACK, "--yes");
                expectUsageError(wrongKey, "Clarifai refused the key in secret " + secret);
                assertFalse(
                        wrongKey.err().contains("wrong-key-12345")
                                || wrongKey.out().contains("wrong-key-12345"),
                        "the key is never printed");
            } finally {
                secrets.putSecretValue(r -> r.secretId(secret).secretString(key));
            }
        }
        assertEquals(before, snapshot(), "nothing changed");
    }

    @Test
    void aStoppedRepairOrPurge_changesNothingAndSaysSo() throws Exception {
        indexThenDeleteItsInputBehindTheProductsBack("stop/dog.png");
        String before = snapshot();
        StopFlag stopped = StopFlag.manual();
        // As after Ctrl-C: the flag is set; the commands stop at their first check.
        stopped.stop();
        try {
            OfflineTarget.Run repair = target.run(
                    target.stack().aws().environment(),
                    stopped,
                    "reconcile",
                    "--stack",
                    OfflineTarget.STACK,
                    "--repair");
            OfflineTarget.Run purge = target.run(
                    target.stack().aws().environment(), stopped, "purge", "--stack", OfflineTarget.STACK, "--yes");

            assertEquals(1, repair.exitCode());
            assertTrue(repair.err().contains("Stopped before the merge; nothing changed."), repair.err());
            assertEquals(1, purge.exitCode());
            assertTrue(purge.err().contains("Stopped before deleting anything."), purge.err());
            assertEquals(before, snapshot(), "nothing changed");
        } finally {
            // Running it again finishes what the stopped run did not do (and leaves the other tests a clean app).
            OfflineTarget.Run again = target.run("reconcile", "--stack", OfflineTarget.STACK, "--repair");
            assertEquals(0, again.exitCode(), again.err());
            Poll.until(
                    "the stopped repair done by running it again",
                    OfflineTarget.TIMEOUT,
                    () -> target.appInputs("stop/dog.png").size() == 1);
        }
    }

    @Test
    void ctrlC_onARealProcess_stopsAtASafePoint_exits130_andChangesNothing() throws Exception {
        indexThenDeleteItsInputBehindTheProductsBack("sigint/cat.png");
        String before = snapshot();
        // Every Inputs API request now takes 4 s, so the signal lands while the tool talks to the app (its key check
        // or its read of the inputs), before the merge that would repair the missing input.
        target.inputsApi().faults().latency(Duration.ofSeconds(4));
        long requestsBefore =
                target.inputsApi().requests("GET") + target.inputsApi().requests("POST");
        // A background job of a non-interactive shell starts with SIGINT ignored and its children inherit that: reset
        // it to the default, as a terminal's foreground job has it
        // (https://www.gnu.org/software/bash/manual/html_node/Signals.html).
        ProcessBuilder command = new ProcessBuilder(
                        "env",
                        "--default-signal=INT",
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        SyncCli.class.getName(),
                        "reconcile",
                        "--stack",
                        OfflineTarget.STACK,
                        "--repair")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        command.environment().putAll(target.stack().aws().environment());
        Process tool = command.start();
        try {
            Poll.until(
                    "the tool talking to the app",
                    OfflineTarget.TIMEOUT,
                    () -> target.inputsApi().requests("GET")
                                    + target.inputsApi().requests("POST")
                            > requestsBefore);
            // What Ctrl-C sends to the foreground process.
            assertEquals(
                    0,
                    new ProcessBuilder("kill", "-INT", Long.toString(tool.pid()))
                            .start()
                            .waitFor());

            assertTrue(tool.waitFor(StopFlag.GRACE + 20, TimeUnit.SECONDS), "the tool ended after the signal");
            String err = new String(tool.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(130, tool.exitValue(), "128 + SIGINT, as shells expect of an interrupted command: " + err);
            assertTrue(err.contains("Stopped before the merge; nothing changed."), err);
            target.inputsApi().faults().clear();
            assertEquals(before, snapshot(), "the missing input was not repaired: nothing changed");

            OfflineTarget.Run again = target.run("reconcile", "--stack", OfflineTarget.STACK, "--repair");
            assertEquals(0, again.exitCode(), again.err());
            Poll.until(
                    "the stopped repair done by running it again",
                    OfflineTarget.TIMEOUT,
                    () -> target.appInputs("sigint/cat.png").size() == 1);
        } finally {
            tool.destroyForcibly();
            target.inputsApi().faults().clear();
        }
    }

    /** Drift for a repair to fix: {@code key} put and indexed, then its input deleted in the app by hand. */
    private void indexThenDeleteItsInputBehindTheProductsBack(String key) throws InterruptedException {
        target.put(key, OfflineTarget.png(6));
        Poll.until(
                "the object indexed",
                OfflineTarget.TIMEOUT,
                () -> target.ledgerVersions(key).stream().anyMatch(v -> v.state() == InputState.INDEXED));
        target.inputs().deleteInput(target.ledgerVersions(key).get(0).inputId(), OfflineTarget.deadline());
        // Deletion is asynchronous in the app, as in Clarifai's.
        Poll.until(
                "the input gone",
                OfflineTarget.TIMEOUT,
                () -> target.appInputs(key).isEmpty());
    }

    private static void expectUsageError(OfflineTarget.Run run, String message) {
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.err().strip().lines().count(), "one message: " + run.err());
        assertTrue(run.err().contains(message), run.err());
    }

    /** The ledger's versions and the app's inputs, as comparable text. */
    private String snapshot() {
        Set<String> ledger = target.ledgerVersions().stream()
                .map(v -> v.key() + "#" + v.inputId() + "=" + v.state().wireName() + "/" + v.attempts())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        Set<String> app =
                target.appInputs().stream().map(Input::id).collect(Collectors.toCollection(java.util.TreeSet::new));
        return ledger + " " + app;
    }

    private static boolean matches(String text, String regex) {
        return Pattern.compile("^\\s*" + regex + "\\b", Pattern.MULTILINE)
                .matcher(text)
                .find();
    }
}

package io.github.clarifais3sync.ops;

import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.LedgerEntry;
import io.github.clarifais3sync.model.ObjectVersion;
import io.github.clarifais3sync.status.SqsRetryQueue;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

@Command(
        name = "retry",
        mixinStandardHelpOptions = true,
        description = {
            "Sends failed versions through the pipeline again: each goes back to queued in the ledger "
                    + "and onto the upload queue, as the status function re-posts a passing failure. An input an add "
                    + "had accepted is deleted from the app first, and its version comes back after --delay, so "
                    + "Clarifai's asynchronous delete is done before the same id is added again.",
            "--dead-letters moves the upload dead-letter queue's messages back onto the upload queue.",
            "Safe to run again: a version that is no longer failed is left alone."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./clarifai-sync retry --stack clarifai-s3-sync --all",
            "  ./clarifai-sync retry --stack clarifai-s3-sync --code 30002",
            "  ./clarifai-sync retry --stack clarifai-s3-sync --key s3://bucket/cat.jpg",
            "  ./clarifai-sync retry --stack clarifai-s3-sync --dead-letters"
        })
final class RetryCommand extends TargetCommand {

    static final class Selection {
        @Option(names = "--all", required = true, description = "Every failed version.")
        boolean all;

        @Option(
                names = "--code",
                required = true,
                paramLabel = "CODE",
                description = "Failed versions with this Clarifai status code (see 'failures').")
        Integer code;

        @Option(
                names = "--key",
                required = true,
                paramLabel = "s3://BUCKET/KEY",
                description = "The failed versions of one object.")
        String key;

        @Option(
                names = "--dead-letters",
                required = true,
                description = "Redrive the upload dead-letter queue onto the upload queue.")
        boolean deadLetters;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection selection;

    @Option(
            names = "--delay",
            defaultValue = "60",
            paramLabel = "SECONDS",
            description = "How long a version whose input was deleted waits before it is added again (0-900; "
                    + "default ${DEFAULT-VALUE}).")
    int delaySeconds;

    @Override
    int run(Operations operations) {
        if (delaySeconds < 0 || delaySeconds > 900) {
            throw new TargetException("--delay must be 0 to 900 seconds (SQS's longest message delay)");
        }
        if (selection.deadLetters) {
            return redrive(operations);
        }
        List<LedgerEntry> failed = selected(operations);
        PrintWriter out = out();
        if (failed.isEmpty()) {
            out.println("Nothing to retry: no failed version matches.");
            return SyncCli.EXIT_OK;
        }
        List<String> accepted = failed.stream()
                .filter(LedgerEntry::mayExistInApp)
                .map(LedgerEntry::inputId)
                .toList();
        if (!accepted.isEmpty()) {
            // Inputs an add accepted before they failed: removed first, or the same id could not be added again.
            operations.inputs().deleteInputs(accepted, operations.deadline());
        }
        SqsRetryQueue queue =
                new SqsRetryQueue(operations.sqs(), operations.target().uploadQueueUrl());
        int retried = 0;
        int skipped = 0;
        try (Progress progress = Progress.start("retried", failed.size())) {
            for (LedgerEntry entry : failed) {
                if (stop().stopped()) {
                    break;
                }
                progress.advance(1);
                ObjectVersion version = ObjectVersion.of(
                        entry.bucket(),
                        entry.key(),
                        entry.size(),
                        entry.eTag(),
                        entry.versionId(),
                        entry.sequencer(),
                        entry.eventTime() == null ? null : entry.eventTime().toString());
                if (!version.inputId().equals(entry.inputId())) {
                    err().printf(
                                    "skipped s3://%s/%s input %s: its version cannot be rebuilt from the ledger%n",
                                    TerminalText.safe(entry.bucket()),
                                    TerminalText.safe(entry.key()),
                                    TerminalText.safe(entry.inputId()));
                    skipped++;
                    continue;
                }
                // The ledger first: a message that arrived while the entry still said failed would be skipped.
                if (!operations
                        .ledger()
                        .retry(
                                entry,
                                "retry requested (was " + entry.statusCode() + ": " + entry.statusDescription() + ")",
                                operations.clock().instant())) {
                    skipped++;
                    continue;
                }
                queue.send(version, entry.mayExistInApp() ? Duration.ofSeconds(delaySeconds) : Duration.ZERO);
                retried++;
            }
        }
        out.printf(
                "Retried %,d failed version(s)%s; %,d skipped (changed meanwhile or not rebuildable).%n",
                retried,
                accepted.isEmpty()
                        ? ""
                        : String.format(
                                " (%,d input(s) deleted from the app first, " + "back in %d s)",
                                accepted.size(), delaySeconds),
                skipped);
        out.println("Follow them with: ./clarifai-sync status --stack " + stackName);
        return SyncCli.EXIT_OK;
    }

    private List<LedgerEntry> selected(Operations operations) {
        if (selection.key != null) {
            S3Location location = S3Location.parse(selection.key)
                    .requireBucket(operations.target().bucket());
            List<LedgerEntry> versions = operations.ledger().versionsOf(location.bucket(), location.key());
            if (versions.isEmpty()) {
                throw new TargetException(location + " is unknown to the ledger: no event or listing has seen it");
            }
            return versions.stream()
                    .filter(entry -> entry.state() == InputState.FAILED)
                    .toList();
        }
        List<LedgerEntry> failed = new ArrayList<>();
        operations
                .ledger()
                .scanVersions(
                        entry -> {
                            if (entry.state() == InputState.FAILED
                                    && (selection.code == null || entry.statusCode() == selection.code)) {
                                failed.add(entry);
                            }
                        },
                        stop()::stopped);
        return failed;
    }

    /** Moves the dead letters back, ten at a time: sent to the upload queue, then deleted from the dead-letter queue. */
    private int redrive(Operations operations) {
        SqsClient sqs = operations.sqs();
        String deadLetters = operations.target().uploadDeadLetterQueueUrl();
        String upload = operations.target().uploadQueueUrl();
        long total = Queues.depth(sqs, deadLetters).total();
        long moved = 0;
        try (Progress progress = Progress.start("redriven", total)) {
            while (!stop().stopped()) {
                List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(deadLetters)
                                .maxNumberOfMessages(10)
                                .waitTimeSeconds(1)
                                .visibilityTimeout(120))
                        .messages();
                if (messages.isEmpty()) {
                    break;
                }
                List<SendMessageBatchRequestEntry> sends = new ArrayList<>();
                for (int i = 0; i < messages.size(); i++) {
                    sends.add(SendMessageBatchRequestEntry.builder()
                            .id(Integer.toString(i))
                            .messageBody(messages.get(i).body())
                            .build());
                }
                SendMessageBatchResponse sent =
                        sqs.sendMessageBatch(r -> r.queueUrl(upload).entries(sends));
                List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
                sent.successful()
                        .forEach(success -> deletes.add(DeleteMessageBatchRequestEntry.builder()
                                .id(success.id())
                                .receiptHandle(messages.get(Integer.parseInt(success.id()))
                                        .receiptHandle())
                                .build()));
                if (!deletes.isEmpty()) {
                    sqs.deleteMessageBatch(r -> r.queueUrl(deadLetters).entries(deletes));
                }
                moved += deletes.size();
                progress.advance(deletes.size());
                if (!sent.failed().isEmpty()) {
                    // Left on the dead-letter queue; they become visible again and a re-run moves them.
                    err().printf(
                                    "%d message(s) could not be sent: %s%n",
                                    sent.failed().size(),
                                    TerminalText.safe(sent.failed().get(0).message()));
                    break;
                }
            }
        }
        out().printf("Moved %,d message(s) from the upload dead-letter queue back to the upload queue.%n", moved);
        return SyncCli.EXIT_OK;
    }
}

package io.github.clarifais3sync.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.inputs.DeleteAllResult;
import io.github.clarifais3sync.inputs.Input;
import io.github.clarifais3sync.inputs.InputPage;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.LedgerEntry;
import io.github.clarifais3sync.ops.reconcile.Tsv;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "purge",
        mixinStandardHelpOptions = true,
        description = {
            "Deletes every input this stack's product created (metadata s3_bucket is the stack's bucket) "
                    + "in lists of 128, and marks their ledger versions deleted. Inputs the product did not create are "
                    + "left alone.",
            "--all-inputs instead deletes EVERY input of the app (delete_all; paged deletion where the API "
                    + "refuses it) and marks every live ledger version of the bucket deleted.",
            "Both first show what they will delete and ask for confirmation (--yes skips it). The pipeline "
                    + "keeps running: objects put meanwhile are indexed as usual. Safe to run again."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./clarifai-sync purge --stack clarifai-s3-sync",
            "  ./clarifai-sync purge --stack clarifai-s3-sync --all-inputs --yes"
        })
final class PurgeCommand extends TargetCommand {

    @Option(names = "--all-inputs", description = "Delete every input of the app, not only the product's.")
    boolean allInputs;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    /** Budget of a whole delete_all with its paged fallback. */
    private static final Duration DELETE_ALL_BUDGET = Duration.ofMinutes(30);

    @Override
    int run(Operations operations) throws Exception {
        return allInputs ? purgeAll(operations) : purgeProducts(operations);
    }

    private int purgeProducts(Operations operations) throws IOException {
        String bucket = operations.target().bucket();
        InputsClient inputs = operations.inputs();
        Path planned = Files.createTempFile("clarifai-sync-purge-", ".tsv");
        try {
            long ours = 0;
            long others = 0;
            // First pass: the ids to delete, to a file (not memory), so the plan can be shown before anything goes.
            try (BufferedWriter writer = Files.newBufferedWriter(planned, StandardCharsets.UTF_8);
                    Progress progress = Progress.start("inputs streamed", -1)) {
                String lastId = null;
                while (!stop().stopped()) {
                    InputPage page = inputs.streamInputs(lastId, 1000, false, operations.deadline());
                    if (page.isEmpty()) {
                        break;
                    }
                    for (Input input : page.inputs()) {
                        JsonNode metadata = input.metadata();
                        if (metadata != null
                                && bucket.equals(metadata.path("s3_bucket").asText(null))) {
                            writer.write(
                                    Tsv.join(input.id(), metadata.path("s3_key").asText("")));
                            writer.newLine();
                            ours++;
                        } else {
                            others++;
                        }
                    }
                    progress.advance(page.inputs().size());
                    lastId = page.lastId();
                }
            }
            if (stop().stopped()) {
                err().println("Stopped before deleting anything.");
                return SyncCli.EXIT_FINDINGS;
            }
            out().printf(
                            "Will delete %,d input(s) created by stack %s (s3://%s) from app %s; %,d other input(s) "
                                    + "stay.%n",
                            ours,
                            operations.target().stackName(),
                            bucket,
                            operations.target().clarifaiAppId(),
                            others);
            if (ours == 0) {
                out().println("Nothing to delete.");
                return SyncCli.EXIT_OK;
            }
            if (!confirmed("delete " + ours + " inputs")) {
                return SyncCli.EXIT_USAGE;
            }
            long deleted = 0;
            try (BufferedReader reader = Files.newBufferedReader(planned, StandardCharsets.UTF_8);
                    Progress progress = Progress.start("deleted", ours)) {
                List<String[]> batch = new ArrayList<>();
                for (String line = reader.readLine(); line != null && !stop().stopped(); line = reader.readLine()) {
                    batch.add(Tsv.split(line));
                    if (batch.size() == InputsClient.MAX_IDS_PER_DELETE) {
                        deleted += deleteBatch(operations, batch);
                        progress.advance(InputsClient.MAX_IDS_PER_DELETE);
                    }
                }
                if (!batch.isEmpty() && !stop().stopped()) {
                    progress.advance(batch.size());
                    deleted += deleteBatch(operations, batch);
                }
            }
            out().printf("Deleted %,d input(s); their ledger versions are marked deleted.%n", deleted);
            return stop().stopped() ? SyncCli.EXIT_FINDINGS : SyncCli.EXIT_OK;
        } finally {
            Files.deleteIfExists(planned);
        }
    }

    /** One delete request of up to 128 ids, then the ledger: the ledger never says deleted before the app does. */
    private static int deleteBatch(Operations operations, List<String[]> batch) {
        operations.inputs().deleteInputs(batch.stream().map(entry -> entry[0]).toList(), operations.deadline());
        for (String[] entry : batch) {
            operations
                    .ledger()
                    .markDeleted(
                            operations.target().bucket(),
                            entry[1],
                            entry[0],
                            "purged",
                            operations.clock().instant());
        }
        int size = batch.size();
        batch.clear();
        return size;
    }

    private int purgeAll(Operations operations) {
        var counts = operations.inputs().getInputCounts(operations.deadline());
        long total = counts.processed() + counts.toProcess() + counts.processing() + counts.errors();
        out().printf(
                        "Will delete EVERY input of app %s (about %,d, whoever created them) and mark every live "
                                + "ledger version of s3://%s deleted.%n",
                        operations.target().clarifaiAppId(),
                        total,
                        operations.target().bucket());
        if (!confirmed("delete all inputs of app " + operations.target().clarifaiAppId())) {
            return SyncCli.EXIT_USAGE;
        }
        DeleteAllResult result = operations.inputs().deleteAll(Deadline.after(DELETE_ALL_BUDGET));
        out().println(
                        result.usedDeleteAll()
                                ? "The app accepted delete_all."
                                : String.format(
                                        "The app refused delete_all; deleted %,d input(s) by id.",
                                        result.deletedIds()));
        List<LedgerEntry> live = new ArrayList<>();
        long[] marked = {0};
        try (Progress progress = Progress.start("ledger versions marked", -1)) {
            operations
                    .ledger()
                    .scanVersions(
                            entry -> {
                                if (entry.state() != InputState.DELETED
                                        && entry.bucket()
                                                .equals(operations.target().bucket())) {
                                    live.add(entry);
                                    if (live.size() >= 1000) {
                                        marked[0] += mark(operations, live);
                                        progress.advance(1000);
                                    }
                                }
                            },
                            stop()::stopped);
            marked[0] += mark(operations, live);
        }
        out().printf("Marked %,d ledger version(s) deleted.%n", marked[0]);
        return SyncCli.EXIT_OK;
    }

    private static long mark(Operations operations, List<LedgerEntry> entries) {
        long marked = entries.stream()
                .filter(entry -> operations
                        .ledger()
                        .markDeleted(
                                entry.bucket(),
                                entry.key(),
                                entry.inputId(),
                                "purged (delete all)",
                                operations.clock().instant())
                        .isPresent())
                .count();
        entries.clear();
        return marked;
    }

    /** --yes, or the user types "yes" at a terminal; without a terminal and without --yes nothing is deleted. */
    private boolean confirmed(String what) {
        if (yes) {
            return true;
        }
        if (System.console() == null) {
            err().println("clarifai-sync: not confirmed: run it at a terminal, or pass --yes to " + what);
            return false;
        }
        out().print("Type 'yes' to " + what + ": ");
        out().flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (answer != null && answer.strip().toLowerCase(Locale.ROOT).equals("yes")) {
                return true;
            }
        } catch (IOException e) {
            // Treated as no.
        }
        err().println("Not confirmed; nothing deleted.");
        return false;
    }
}

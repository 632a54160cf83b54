package io.github.clarifais3sync.ops;

import io.github.clarifais3sync.backfill.BackfillService;
import io.github.clarifais3sync.backfill.DynamoDbCheckpoints;
import io.github.clarifais3sync.enqueue.EnqueueService;
import io.github.clarifais3sync.metrics.Metrics;
import io.github.clarifais3sync.model.KeyFilter;
import io.github.clarifais3sync.storage.ObjectListing;
import io.github.clarifais3sync.storage.S3ObjectListing;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "backfill",
        mixinStandardHelpOptions = true,
        description = {
            "Indexes what is already in the stack's bucket: lists the current version of every object "
                    + "under the include prefixes and hands each image the ledger does not know to the upload queue, "
                    + "the way an S3 event does (an event always wins over a listed version). Adds are paced by the "
                    + "queue and the upload function, as for events.",
            "Running it twice adds nothing twice. Interrupted (Ctrl-C, crash), it continues from its checkpoint "
                    + "in the ledger table; --restart starts over.",
            "Exits 1 when nothing was listed (a prefix matching nothing), 130 when Ctrl-C stopped it, 2 when the "
                    + "bucket does not exist or cannot be listed."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./clarifai-sync backfill --stack clarifai-s3-sync --dry-run",
            "  ./clarifai-sync backfill --stack clarifai-s3-sync --prefix cats/ --prefix dogs/"
        })
final class BackfillCommand extends TargetCommand {

    @Option(
            names = "--dry-run",
            description = "Count only: objects seen, images, already indexed, to add, and the "
                    + "add requests that makes. Changes nothing.")
    boolean dryRun;

    @Option(
            names = "--prefix",
            paramLabel = "PREFIX",
            description = "Only this part of the bucket (repeatable); "
                    + "must lie within the stack's IncludePrefixes. Default: the stack's IncludePrefixes (else all).")
    List<String> prefixes = new ArrayList<>();

    @Option(names = "--restart", description = "Ignore a checkpoint left by an interrupted run and start over.")
    boolean restart;

    @Override
    int run(Operations operations) {
        StackTarget target = operations.target();
        KeyFilter stackKeys = target.keyFilter();
        KeyFilter keys = stackKeys;
        if (!prefixes.isEmpty()) {
            for (String prefix : prefixes) {
                if (!stackKeys.includePrefixes().isEmpty()
                        && stackKeys.includePrefixes().stream().noneMatch(prefix::startsWith)) {
                    err().printf(
                                    "clarifai-sync: --prefix %s lies outside the stack's IncludePrefixes %s: the "
                                            + "functions would never sync it%n",
                                    prefix, String.join(",", stackKeys.includePrefixes()));
                    return SyncCli.EXIT_USAGE;
                }
            }
            keys = new KeyFilter(prefixes, stackKeys.excludePrefixes(), stackKeys.imageSuffixes());
        }
        int batchSize = Integer.parseInt(target.parameters().getOrDefault("UploadBatchSize", "128"));
        DynamoDbCheckpoints checkpoints =
                new DynamoDbCheckpoints(operations.dynamoDb(), target.ledgerTable(), operations.clock());
        BackfillService service = new BackfillService(
                new S3ObjectListing(operations.s3()),
                operations.ledger(),
                new EnqueueService(
                        operations.sqs(),
                        target.uploadQueueUrl(),
                        operations.ledger(),
                        keys,
                        Metrics.NONE,
                        operations.clock()),
                checkpoints,
                keys);
        if (restart && !dryRun) {
            service.forget(target.bucket());
        }
        PrintWriter out = out();
        BackfillService.Report report;
        // A resumed run's counts include what the interrupted run listed; the bar, rate and ETA cover this run's part.
        long before = dryRun ? 0 : service.objectsBeforeCheckpoint(target.bucket());
        AtomicLong shown = new AtomicLong(before);
        AtomicBoolean finished = new AtomicBoolean();
        try (Progress progress = Progress.start(dryRun ? "objects counted" : "objects listed", -1)) {
            // The total for the bar and ETA: a listing alone runs ahead of the backfill's ledger work.
            Thread.ofVirtual().name("backfill-count").start(() -> {
                try {
                    long total = service.countListed(target.bucket(), () -> finished.get() || stop().stopped());
                    if (total >= 0) {
                        progress.total(Math.max(0, total - before));
                    }
                } catch (RuntimeException failed) {
                    // The run itself reports listing errors; without a total the bar shows count and rate only.
                }
            });
            report = service.run(
                    target.bucket(),
                    new BackfillService.Options(dryRun, batchSize),
                    (counts, key) -> {
                        progress.advance(counts.objectsSeen() - shown.getAndSet(counts.objectsSeen()));
                    },
                    stop()::stopped);
        } catch (ObjectListing.ListingException e) {
            err().println("clarifai-sync: " + TerminalText.safe(e.getMessage()));
            return SyncCli.EXIT_USAGE;
        } finally {
            finished.set(true);
        }
        BackfillService.Counts counts = report.counts();
        out.printf(
                "%s bucket %s (%s), prefixes: %s%n",
                dryRun ? "Dry run:" : "Backfill:",
                report.bucket(),
                report.versioned() ? "versioned: current versions" : "unversioned",
                report.prefixes().equals(List.of("")) ? "(whole bucket)" : String.join(", ", report.prefixes()));
        if (report.resumed()) {
            out.println("  resumed from the checkpoint of an interrupted run (totals include it)");
        }
        out.printf("  %-17s %,10d%n", "objects seen", counts.objectsSeen());
        out.printf("  %-17s %,10d%n", "images", counts.images());
        out.printf("  %-17s %,10d%n", "already indexed", counts.alreadyKnown());
        out.printf("  %-17s %,10d%n", dryRun ? "to add" : "queued", counts.toAdd());
        out.printf(
                "  %-17s %,10d  (%,d images / %d per add request)%n",
                "add requests", report.addRequests(), counts.toAdd(), batchSize);
        if (!report.completed()) {
            out.println("Stopped at a checkpoint; run the same command again to continue.");
            return SyncCli.EXIT_FINDINGS;
        }
        if (counts.objectsSeen() == 0) {
            err().printf(
                            "clarifai-sync: no objects under %s in bucket %s%n",
                            report.prefixes().equals(List.of(""))
                                    ? "the whole bucket"
                                    : String.join(", ", report.prefixes()),
                            report.bucket());
            return SyncCli.EXIT_FINDINGS;
        }
        if (!dryRun && counts.toAdd() > 0) {
            out.println("Queued; watch the adds with: ./clarifai-sync status --stack " + target.stackName());
        }
        return SyncCli.EXIT_OK;
    }
}

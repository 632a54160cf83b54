package io.github.clarifais3sync.ops;

import io.github.clarifais3sync.ledger.LedgerEntry;
import io.github.clarifais3sync.ops.reconcile.AppInput;
import io.github.clarifais3sync.ops.reconcile.Finding;
import io.github.clarifais3sync.ops.reconcile.Reconciler;
import io.github.clarifais3sync.ops.reconcile.Repairs;
import io.github.clarifais3sync.ops.reconcile.Views;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "reconcile",
        mixinStandardHelpOptions = true,
        description = {
            "Compares the bucket (listing, within the key filter), the ledger and the app's inputs "
                    + "(streamed with last_id, read by the metadata the product writes) and reports, per key: missing "
                    + "(in the bucket, not in the app), orphan (input whose object is gone), stale (eTag differs), "
                    + "duplicate (two inputs for one content), failed, ledger-only (a live ledger version nothing "
                    + "backs), pending (on its way: not drift), and the inputs the product did not create (never "
                    + "touched; never changed).",
            "A streaming sorted merge: the ledger and the app are sorted through temporary files, so memory "
                    + "stays flat whatever the bucket's size.",
            "Dry run by default (exit 1 when it finds drift). --repair queues the missing and stale through "
                    + "the ledger path events take (an S3 event always wins), deletes orphan, stale and "
                    + "duplicate inputs in lists of 128 and closes their ledger versions. Safe to run again."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./clarifai-sync reconcile --stack clarifai-s3-sync",
            "  ./clarifai-sync reconcile --stack clarifai-s3-sync --repair"
        })
final class ReconcileCommand extends TargetCommand {

    @Option(names = "--repair", description = "Repair what the report finds (default: report only).")
    boolean repair;

    @Option(
            names = "--show",
            defaultValue = "20",
            paramLabel = "N",
            description = "Keys listed per kind of finding (default ${DEFAULT-VALUE}); counts are always complete.")
    int show;

    @Option(
            names = "--temp-dir",
            paramLabel = "DIR",
            description = "Where the sorted runs go (default: the system's "
                    + "temporary directory); about 200 bytes per object.")
    Path tempDir;

    @Override
    int run(Operations operations) throws Exception {
        StackTarget target = operations.target();
        Path temp = tempDir != null ? tempDir : Path.of(System.getProperty("java.io.tmpdir"));
        PrintWriter out = out();
        Map<Finding.Kind, Long> counts = new EnumMap<>(Finding.Kind.class);
        Map<Finding.Kind, List<Finding>> samples = new EnumMap<>(Finding.Kind.class);
        Views.ExternalSortedView<LedgerEntry> ledgerView;
        try (Progress progress = Progress.start("ledger scanned", -1)) {
            ledgerView = Views.ledger(operations.ledger(), target.bucket(), temp, stop()::stopped, progress::advance);
        }
        try (ledgerView;
                Views.ExternalSortedView<AppInput> appView = streamApp(operations, temp)) {
            if (stop().stopped()) {
                err().println("Stopped before the merge; nothing changed.");
                return SyncCli.EXIT_FINDINGS;
            }
            Repairs repairs = repair ? new Repairs(operations) : null;
            Reconciler.Counts seen;
            try (Progress progress = Progress.start("objects listed", -1)) {
                seen = new Reconciler(
                                Views.bucket(operations.s3(), target.bucket(), target.keyFilter(), progress::advance),
                                ledgerView.sorted(),
                                appView.sorted())
                        .run(
                                finding -> {
                                    counts.merge(finding.kind(), 1L, Long::sum);
                                    List<Finding> kept =
                                            samples.computeIfAbsent(finding.kind(), k -> new ArrayList<>());
                                    if (kept.size() < show) {
                                        kept.add(finding);
                                    }
                                    if (repairs != null) {
                                        repairs.apply(finding);
                                    }
                                },
                                stop()::stopped);
                if (repairs != null) {
                    repairs.flush();
                }
            }
            out.printf(
                    "Reconciled s3://%s (key filter: %s) with app %s%n",
                    target.bucket(), describe(target), target.clarifaiAppId());
            out.printf(
                    "  %,d objects listed, %,d ledger versions, %,d product inputs, %,d keys%n",
                    seen.objects(), ledgerView.count(), appView.count(), seen.keys());
            long drift = 0;
            for (Finding.Kind kind : Finding.Kind.values()) {
                long count = counts.getOrDefault(kind, 0L);
                out.printf(
                        "  %-14s %,10d%s%n",
                        kind.label(),
                        count,
                        kind == Finding.Kind.PENDING
                                ? "   (on its way through the pipeline: not drift)"
                                : kind == Finding.Kind.FAILED ? "   (see 'failures', 'retry')" : "");
                if (kind != Finding.Kind.PENDING) {
                    drift += count;
                }
            }
            out.printf(
                    "  %-14s %,10d   (inputs the product did not create: left alone)%n",
                    "never touched", appView.foreign());
            for (Finding.Kind kind : Finding.Kind.values()) {
                for (Finding finding : samples.getOrDefault(kind, List.of())) {
                    out.printf(
                            "  %-11s s3://%s/%s: %s%n",
                            kind.label(),
                            TerminalText.safe(target.bucket()),
                            TerminalText.safe(finding.key()),
                            TerminalText.safe(finding.detail()));
                }
            }
            if (!appView.foreignSamples().isEmpty()) {
                out.printf(
                        "  never touched: %s%s%n",
                        TerminalText.safe(String.join(", ", appView.foreignSamples())),
                        appView.foreign() > appView.foreignSamples().size() ? ", ..." : "");
            }
            if (stop().stopped()) {
                out.println("Stopped: the report covers the keys merged so far; run it again for the rest.");
                return SyncCli.EXIT_FINDINGS;
            }
            if (repairs != null) {
                out.println("Repaired: " + repairs.summary() + ".");
                out.println("The pipeline finishes the queued versions; 'status' follows them.");
                return SyncCli.EXIT_OK;
            }
            if (drift > 0) {
                out.println("Dry run: nothing changed. --repair fixes missing, stale, orphan, duplicate and "
                        + "ledger-only keys; failed ones go through 'retry'.");
                return SyncCli.EXIT_FINDINGS;
            }
            out.println("In agreement.");
            return SyncCli.EXIT_OK;
        }
    }

    private Views.ExternalSortedView<AppInput> streamApp(Operations operations, Path temp) {
        try (Progress progress = Progress.start("inputs streamed", -1)) {
            return Views.app(
                    operations.inputs(),
                    operations.target().bucket(),
                    temp,
                    show,
                    stop()::stopped,
                    progress::advance,
                    operations::deadline);
        }
    }

    private static String describe(StackTarget target) {
        var filter = target.keyFilter();
        return (filter.includePrefixes().isEmpty() ? "whole bucket" : "include " + filter.includePrefixes())
                + (filter.excludePrefixes().isEmpty() ? "" : ", exclude " + filter.excludePrefixes())
                + ", images " + String.join(",", filter.imageSuffixes());
    }
}

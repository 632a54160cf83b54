package io.github.clarifais3sync.ops;

import io.github.clarifais3sync.inputs.InputCounts;
import io.github.clarifais3sync.ledger.InputState;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Per-state counts from the ledger, the app's input counts (GET …/inputs/status), the upload "
                    + "queue's depth and its oldest queued version, and the dead-letter and S3-failure queues.",
            "Exits 1 when a dead-letter or failure queue holds messages."
        },
        footerHeading = "%nExample:%n",
        footer = "  ./clarifai-sync status --stack clarifai-s3-sync")
final class StatusCommand extends TargetCommand {

    @Override
    int run(Operations operations) {
        StackTarget target = operations.target();
        Map<InputState, Long> states = new EnumMap<>(InputState.class);
        for (InputState state : InputState.values()) {
            states.put(state, 0L);
        }
        AtomicReference<Instant> oldestQueued = new AtomicReference<>();
        try (Progress progress = Progress.start("ledger scanned", -1)) {
            operations
                    .ledger()
                    .scanVersions(
                            entry -> {
                                states.merge(entry.state(), 1L, Long::sum);
                                if (entry.state() == InputState.QUEUED
                                        && entry.createdAt() != null
                                        && (oldestQueued.get() == null
                                                || entry.createdAt().isBefore(oldestQueued.get()))) {
                                    oldestQueued.set(entry.createdAt());
                                }
                                progress.advance(1);
                            },
                            stop()::stopped);
        }
        InputCounts app = operations.inputs().getInputCounts(operations.deadline());
        Queues.Depth upload = Queues.depth(operations.sqs(), target.uploadQueueUrl());
        Queues.Depth deadLetters = Queues.depth(operations.sqs(), target.uploadDeadLetterQueueUrl());
        Queues.Depth s3Failures = target.s3EventFailureQueueUrl()
                .map(url -> Queues.depth(operations.sqs(), url))
                .orElse(null);

        PrintWriter out = out();
        out.printf("Stack %s: bucket %s, app %s%n", target.stackName(), target.bucket(), target.clarifaiAppId());
        out.println("Ledger (object versions by state):");
        long total = 0;
        for (Map.Entry<InputState, Long> state : states.entrySet()) {
            out.printf("  %-12s %,10d%n", state.getKey().wireName(), state.getValue());
            total += state.getValue();
        }
        out.printf("  %-12s %,10d%n", "total", total);
        out.println("App inputs (GET /inputs/status):");
        out.printf(
                "  %-12s %,10d%n  %-12s %,10d%n  %-12s %,10d%n  %-12s %,10d%n",
                "processed",
                app.processed(),
                "to process",
                app.toProcess(),
                "processing",
                app.processing(),
                "errors",
                app.errors());
        out.println("Queues:");
        out.printf(
                "  %-20s %,8d visible, %,d in flight, %,d delayed; oldest queued version %s%n",
                "upload",
                upload.visible(),
                upload.inFlight(),
                upload.delayed(),
                oldestQueued.get() == null
                        ? "none"
                        : age(Duration.between(
                                        oldestQueued.get(), operations.clock().instant())) + " old");
        out.printf("  %-20s %,8d%n", "upload dead-letter", deadLetters.total());
        if (s3Failures != null) {
            out.printf("  %-20s %,8d%n", "S3 event failures", s3Failures.total());
        }
        long dead = deadLetters.total() + (s3Failures == null ? 0 : s3Failures.total());
        if (dead > 0) {
            out.printf(
                    "ATTENTION: %,d message(s) in dead-letter/failure queues: see 'failures', then 'retry "
                            + "--dead-letters'%n",
                    dead);
            return SyncCli.EXIT_FINDINGS;
        }
        return SyncCli.EXIT_OK;
    }

    static String age(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        return seconds >= 86_400
                ? seconds / 86_400 + "d " + seconds / 3600 % 24 + "h"
                : seconds >= 3600
                        ? seconds / 3600 + "h " + seconds / 60 % 60 + "m"
                        : seconds >= 60 ? seconds / 60 + "m " + seconds % 60 + "s" : seconds + "s";
    }
}

package io.github.clarifais3sync.ops;

import io.github.clarifais3sync.inputs.Input;
import io.github.clarifais3sync.ledger.Ledger;
import io.github.clarifais3sync.ledger.LedgerEntry;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description = "What happened to one object: the object in the bucket now, the ledger's newest event for "
                + "the key, and every ledger record of every version next to Clarifai's current view of its input "
                + "(get by id): state, codes, times, attempts.",
        footerHeading = "%nExample:%n",
        footer = "  ./clarifai-sync explain --stack clarifai-s3-sync s3://bucket/cat.jpg")
final class ExplainCommand extends TargetCommand {

    @Parameters(paramLabel = "s3://BUCKET/KEY", description = "The object.")
    String object;

    @Override
    int run(Operations operations) {
        S3Location location =
                S3Location.parse(object).requireBucket(operations.target().bucket());
        Optional<HeadObjectResponse> head = head(operations, location);
        List<LedgerEntry> versions = operations.ledger().versionsOf(location.bucket(), location.key()).stream()
                .sorted(Comparator.comparing(LedgerEntry::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .reversed())
                .toList();
        Optional<Ledger.KeyHead> keyHead = operations.ledger().head(location.bucket(), location.key());
        if (head.isEmpty() && versions.isEmpty() && keyHead.isEmpty()) {
            throw new TargetException(
                    location + " is unknown: not in the bucket, and no event or listing of it " + "reached the ledger");
        }
        PrintWriter out = out();
        out.println(TerminalText.safe(location));
        out.println(head.map(h -> String.format(
                        "  in the bucket: eTag %s, %,d bytes, last modified %s%s",
                        TerminalText.safe(h.eTag()),
                        h.contentLength(),
                        h.lastModified(),
                        h.versionId() == null ? "" : ", version " + TerminalText.safe(h.versionId())))
                .orElse("  not in the bucket"));
        out.println(
                operations.target().keyFilter().accepts(location.key())
                        ? "  synced: the key filter accepts it"
                        : "  not synced: "
                                + TerminalText.safe(
                                        operations.target().keyFilter().rejection(location.key())));
        out.println(keyHead.map(h -> "  newest event: " + (h.removed() ? "removed" : "created") + ", sequencer "
                        + (h.sequencer().isEmpty() ? "(none: a listing)" : TerminalText.safe(h.sequencer())))
                .orElse("  no event recorded"));
        out.printf("  %d version(s) in the ledger, newest first:%n", versions.size());
        for (LedgerEntry entry : versions) {
            out.printf(
                    "  - input %s: %s, code %d (%s), attempts %d%n",
                    TerminalText.safe(entry.inputId()),
                    entry.state().wireName(),
                    entry.statusCode(),
                    TerminalText.safe(entry.statusDescription()),
                    entry.attempts());
            out.printf(
                    "      eTag %s, %,d bytes%s; created %s, posted %s, updated %s%n",
                    TerminalText.safe(entry.eTag()),
                    entry.size(),
                    entry.versionId() == null ? "" : ", version " + TerminalText.safe(entry.versionId()),
                    entry.createdAt(),
                    entry.postedAt() == null ? "-" : entry.postedAt(),
                    entry.updatedAt());
            Optional<Input> input = operations.inputs().getInput(entry.inputId(), operations.deadline());
            out.println(input.map(i -> String.format(
                            "      app: code %d (%s), created %s",
                            i.status().code(), TerminalText.safe(i.status().description()), i.createdAt()))
                    .orElse("      app: no such input"));
        }
        return SyncCli.EXIT_OK;
    }

    private static Optional<HeadObjectResponse> head(Operations operations, S3Location location) {
        try {
            return Optional.of(
                    operations.s3().headObject(r -> r.bucket(location.bucket()).key(location.key())));
        } catch (NoSuchKeyException gone) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}

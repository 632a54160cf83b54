package io.github.clarifais3sync.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.json.Json;
import io.github.clarifais3sync.ledger.InputState;
import io.github.clarifais3sync.ledger.LedgerEntry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "failures",
        mixinStandardHelpOptions = true,
        description = {
            "The failed object versions from the ledger, grouped by Clarifai status code: key, input id, "
                    + "code, description and attempts.",
            "Exits 1 when there are failures."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./clarifai-sync failures --stack clarifai-s3-sync",
            "  ./clarifai-sync failures --stack clarifai-s3-sync --json | jq '.[].code'"
        })
final class FailuresCommand extends TargetCommand {

    @Option(names = "--json", description = "One JSON array of {code, count, failures: [...]}, for scripts.")
    boolean json;

    @Override
    int run(Operations operations) throws Exception {
        Map<Integer, List<LedgerEntry>> byCode = new TreeMap<>();
        try (Progress progress = Progress.start("ledger scanned", -1)) {
            operations
                    .ledger()
                    .scanVersions(
                            entry -> {
                                progress.advance(1);
                                if (entry.state() == InputState.FAILED) {
                                    byCode.computeIfAbsent(entry.statusCode(), code -> new ArrayList<>())
                                            .add(entry);
                                }
                            },
                            stop()::stopped);
        }
        byCode.values().forEach(list -> list.sort(Comparator.comparing(LedgerEntry::key)));
        PrintWriter out = out();
        if (json) {
            ArrayNode groups = Json.MAPPER.createArrayNode();
            byCode.forEach((code, entries) -> {
                ObjectNode group = groups.addObject().put("code", code).put("count", entries.size());
                ArrayNode failures = group.putArray("failures");
                entries.forEach(entry -> failures.addObject()
                        .put("bucket", entry.bucket())
                        .put("key", entry.key())
                        .put("inputId", entry.inputId())
                        .put("code", entry.statusCode())
                        .put("description", entry.statusDescription())
                        .put("attempts", entry.attempts())
                        .put("everAccepted", entry.everAccepted())
                        .put("updatedAt", String.valueOf(entry.updatedAt())));
            });
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(groups));
        } else if (byCode.isEmpty()) {
            out.println("No failed versions.");
        } else {
            byCode.forEach((code, entries) -> {
                out.printf(
                        "code %d: %,d failed (%s)%n",
                        code, entries.size(), TerminalText.safe(entries.get(0).statusDescription()));
                for (LedgerEntry entry : entries) {
                    out.printf(
                            "  s3://%s/%s  input %s  attempts %d  %s%n",
                            TerminalText.safe(entry.bucket()),
                            TerminalText.safe(entry.key()),
                            TerminalText.safe(entry.inputId()),
                            entry.attempts(),
                            TerminalText.safe(entry.statusDescription()));
                }
            });
            out.println("Send them through the pipeline again: ./clarifai-sync retry --stack " + stackName
                    + " --all (or --code N, --key s3://bucket/key)");
        }
        return byCode.isEmpty() ? SyncCli.EXIT_OK : SyncCli.EXIT_FINDINGS;
    }
}

package io.github.clarifais3sync.docs;

import io.github.clarifais3sync.offline.OfflineCli;
import io.github.clarifais3sync.ops.StopFlag;
import io.github.clarifais3sync.ops.SyncCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine;

/** The documents the check covers: README.md and every docs/*.md of a repository (or of a fixture). */
final class Docs {

    /** The tools whose commands the docs show, by the script name that runs them. */
    static final Map<String, Supplier<CommandLine>> TOOLS = Map.of(
            "clarifai-sync",
            () -> SyncCli.commandLine(Map.of(), StopFlag.manual()),
            "offline-stack",
            OfflineCli::commandLine);

    private Docs() {}

    static List<MarkdownDoc> of(Path root) throws IOException {
        List<MarkdownDoc> docs = new ArrayList<>();
        Path readme = root.resolve("README.md");
        if (Files.exists(readme)) {
            docs.add(MarkdownDoc.read(readme));
        }
        Path directory = root.resolve("docs");
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".md"))
                        .sorted()
                        .toList()) {
                    docs.add(MarkdownDoc.read(file));
                }
            }
        }
        return docs;
    }

    /** Every problem of a repository's docs, one line (or block) each. */
    static List<String> problems(Path root) throws IOException {
        List<MarkdownDoc> docs = of(root);
        Template template = Template.load(root.resolve("template.yaml"));
        List<String> problems = new ArrayList<>(LinkCheck.problems(docs));
        problems.addAll(ParameterCheck.problems(template, MarkdownDoc.read(root.resolve("docs/deploy.md")), docs));
        problems.addAll(CommandCheck.problems(docs, TOOLS));
        problems.addAll(TemplateNumbers.problems(template, docs));
        return problems;
    }
}

package io.github.clarifais3sync.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * This repository's README.md and docs/*.md against template.yaml and the two tools. With
 * {@code -Ddocs.write=true} the generated template-numbers tables are rewritten in place first.
 */
class RepositoryDocsTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern HISTORY = Pattern.compile(
            "(?i)issue\\s[0-9]+|2-core\\smachine|other\\sengineers|quiet\\smachine|commit\\s[0-9a-f]{7}");

    @Test
    void docs_ofThisRepository_haveNoProblems() throws Exception {
        if (Boolean.getBoolean("docs.write")) {
            rewriteGeneratedTables();
        }

        List<String> problems = Docs.problems(ROOT);

        assertEquals(List.of(), problems, String.join("\n", problems));
    }

    @Test
    void readme_isTheFrontDoor_shortWithDeployingOnItsFirstScreen() throws Exception {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        int deploy = lines.indexOf(lines.stream()
                .filter(line -> line.matches("^## Deploy.*"))
                .findFirst()
                .orElse("(none)"));

        assertTrue(lines.size() <= 250, "README.md has " + lines.size() + " lines; at most 250");
        assertTrue(deploy >= 0 && deploy < 100, "README.md's deploy section starts at line " + (deploy + 1));
    }

    @Test
    void docs_speakToUsers_withNoProjectHistory() throws Exception {
        for (MarkdownDoc doc : Docs.of(ROOT)) {
            for (int i = 0; i < doc.lines().size(); i++) {
                String line = doc.lines().get(i);
                assertTrue(
                        !HISTORY.matcher(line).find(),
                        doc.path().getFileName() + ":" + (i + 1) + " belongs in CHANGELOG.md: " + line);
            }
        }
    }

    private static void rewriteGeneratedTables() throws Exception {
        String generated = TemplateNumbers.generate(Template.load(ROOT.resolve("template.yaml")));
        for (MarkdownDoc doc : Docs.of(ROOT)) {
            String text = Files.readString(doc.path(), StandardCharsets.UTF_8);
            String block = TemplateNumbers.block(text);
            if (block != null && !block.equals(generated)) {
                Files.writeString(doc.path(), text.replace(block, generated), StandardCharsets.UTF_8);
            }
        }
    }
}

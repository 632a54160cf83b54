package io.github.clarifais3sync.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Markdown file as the checks read it: headings (and the anchors GitHub makes of them), links outside code, code
 * blocks, inline code spans and tables.
 */
record MarkdownDoc(Path path, List<String> lines) {

    /** A link or image outside code: {@code [text](target)} or {@code ![alt](target)}. */
    record Link(int line, String target) {}

    /** A line of text where a check looks for something, with its 1-based line number. */
    record Line(int line, String text) {}

    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    /** {@code [text](target)} or {@code ![alt](target)}; the text may hold one level of brackets. */
    private static final Pattern LINK =
            Pattern.compile("!?\\[((?:[^\\[\\]]|\\[[^\\]]*\\])*)\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

    private static final Pattern INLINE_CODE = Pattern.compile("(`+)(.+?)\\1");
    /** An explicit anchor: {@code <a id="x"></a>} or {@code <a name="x">}. */
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");

    static MarkdownDoc read(Path path) throws IOException {
        return new MarkdownDoc(path, Files.readAllLines(path, StandardCharsets.UTF_8));
    }

    static MarkdownDoc of(Path path, String text) {
        return new MarkdownDoc(path, List.of(text.split("\n", -1)));
    }

    /** Lines outside fenced code blocks, inline code spans blanked out. */
    List<Line> prose() {
        List<Line> prose = new ArrayList<>();
        walk((number, line, inCode) -> {
            if (!inCode) {
                prose.add(new Line(number, INLINE_CODE.matcher(line).replaceAll(" ")));
            }
        });
        return prose;
    }

    /** Lines inside fenced code blocks. */
    List<Line> code() {
        List<Line> code = new ArrayList<>();
        walk((number, line, inCode) -> {
            if (inCode) {
                code.add(new Line(number, line));
            }
        });
        return code;
    }

    /** Inline code spans outside fenced blocks. */
    List<Line> inlineCode() {
        List<Line> spans = new ArrayList<>();
        walk((number, line, inCode) -> {
            Matcher matcher = INLINE_CODE.matcher(line);
            while (!inCode && matcher.find()) {
                spans.add(new Line(number, matcher.group(2).strip()));
            }
        });
        return spans;
    }

    /** What {@link #walk} hands over: each line but the fences, with whether it is inside a fenced block. */
    private interface LineVisitor {
        void visit(int number, String line, boolean inCode);
    }

    private void walk(LineVisitor visitor) {
        boolean inCode = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (FENCE.matcher(line).find()) {
                inCode = !inCode;
            } else {
                visitor.visit(i + 1, line, inCode);
            }
        }
    }

    List<Link> links() {
        List<Link> links = new ArrayList<>();
        for (Line line : prose()) {
            Matcher matcher = LINK.matcher(line.text());
            while (matcher.find()) {
                links.add(new Link(line.line(), matcher.group(2)));
            }
        }
        return links;
    }

    /** The anchors GitHub gives this file's headings (duplicates numbered -1, -2, ...), and explicit HTML anchors. */
    Set<String> anchors() {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        walk((number, line, inCode) -> {
            Matcher heading = HEADING.matcher(line);
            if (!inCode && heading.matches()) {
                String slug = GitHubSlug.of(heading.group(2));
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
            Matcher html = HTML_ANCHOR.matcher(line);
            while (!inCode && html.find()) {
                anchors.add(html.group(1));
            }
        });
        return anchors;
    }

    /** Every table outside code: its rows (header first) as lists of trimmed cells, with the header's line number. */
    List<Table> tables() {
        List<Table> tables = new ArrayList<>();
        List<Line> prose = prose();
        for (int i = 0; i + 1 < prose.size(); i++) {
            Line header = prose.get(i);
            Line separator = prose.get(i + 1);
            if (!header.text().strip().startsWith("|")
                    || !separator.text().matches("^\\s*\\|[\\s:|-]+\\|\\s*$")
                    || separator.line() != header.line() + 1) {
                continue;
            }
            List<List<String>> rows = new ArrayList<>();
            List<Integer> rowLines = new ArrayList<>();
            rows.add(cells(rawLine(header.line())));
            rowLines.add(header.line());
            int next = i + 2;
            while (next < prose.size()
                    && prose.get(next).text().strip().startsWith("|")
                    && prose.get(next).line() == prose.get(next - 1).line() + 1) {
                rows.add(cells(rawLine(prose.get(next).line())));
                rowLines.add(prose.get(next).line());
                next++;
            }
            tables.add(new Table(rows, rowLines));
            i = next - 1;
        }
        return tables;
    }

    /** A Markdown table: rows of cells as written (inline code kept), header first. */
    record Table(List<List<String>> rows, List<Integer> lines) {
        List<String> header() {
            return rows.get(0);
        }
    }

    private String rawLine(int line) {
        return lines.get(line - 1);
    }

    private static List<String> cells(String row) {
        String body = row.strip();
        body = body.substring(1, body.endsWith("|") && body.length() > 1 ? body.length() - 1 : body.length());
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean inCode = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '`') {
                inCode = !inCode;
            }
            if (c == '\\' && i + 1 < body.length() && body.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|' && !inCode) {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }
}

package io.github.clarifais3sync.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Every {@code ./clarifai-sync ...} and {@code ./offline-stack ...} command the docs show (in code blocks and inline
 * code) parses in the tool's own picocli command tree: each (sub)command and option exists. Placeholders and missing
 * required options are fine (docs show synopses); an unknown command or option is not.
 */
final class CommandCheck {

    private static final Pattern TOOL = Pattern.compile("(?:^|[\\s(`$])\\./(clarifai-sync|offline-stack)(?=$|\\s)");
    /** Optional parts of a synopsis, {@code [--objects N]}. */
    private static final Pattern OPTIONAL = Pattern.compile("\\[[^\\[\\]]*\\]");

    private CommandCheck() {}

    static List<String> problems(List<MarkdownDoc> docs, Map<String, Supplier<CommandLine>> tools) {
        List<String> problems = new ArrayList<>();
        for (MarkdownDoc doc : docs) {
            List<MarkdownDoc.Line> candidates = new ArrayList<>(joinContinuations(doc.code()));
            candidates.addAll(doc.inlineCode());
            for (MarkdownDoc.Line line : candidates) {
                Matcher matcher = TOOL.matcher(line.text().startsWith("./") ? " " + line.text() : line.text());
                while (matcher.find()) {
                    String tool = matcher.group(1);
                    String rest =
                            (line.text().startsWith("./") ? " " + line.text() : line.text()).substring(matcher.end());
                    List<String> args = arguments(rest);
                    String problem = parse(tools.get(tool).get(), args);
                    if (problem != null) {
                        problems.add(doc.path().getFileName() + ":" + line.line() + ": ./" + tool + " "
                                + String.join(" ", args) + ": " + problem);
                    }
                }
            }
        }
        return problems;
    }

    private static String parse(CommandLine commandLine, List<String> args) {
        try {
            commandLine.parseArgs(args.toArray(String[]::new));
            return null;
        } catch (CommandLine.UnmatchedArgumentException e) {
            return e.getMessage();
        } catch (CommandLine.ParameterException e) {
            return null; // a placeholder value or a required option left out of a synopsis
        }
    }

    /** The arguments after the tool's name, up to the end of the shell command. */
    static List<String> arguments(String rest) {
        String text = OPTIONAL.matcher(rest).replaceAll(" ");
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean started = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                started = true;
            } else if (Character.isWhitespace(c)) {
                if (started) {
                    args.add(current.toString());
                    current.setLength(0);
                    started = false;
                }
            } else if ("|;&<>)`#".indexOf(c) >= 0 && (c != '#' || !started)) {
                break; // a pipe, a list, a redirection, the end of $(...) or of inline code, or a comment
            } else {
                current.append(c);
                started = true;
            }
        }
        if (started) {
            args.add(current.toString());
        }
        args.removeIf(arg -> arg.equals("...") || arg.equals("…"));
        // A redirection such as 2>&1 leaves its file descriptor behind.
        if (!args.isEmpty() && args.get(args.size() - 1).matches("[0-9]")) {
            args.remove(args.size() - 1);
        }
        return args;
    }

    private static List<MarkdownDoc.Line> joinContinuations(List<MarkdownDoc.Line> code) {
        List<MarkdownDoc.Line> joined = new ArrayList<>();
        StringBuilder pending = null;
        int start = 0;
        for (MarkdownDoc.Line line : code) {
            String text = line.text().replaceFirst("^\\s*\\$ ", "");
            if (pending == null) {
                pending = new StringBuilder();
                start = line.line();
            }
            if (text.endsWith("\\")) {
                pending.append(text, 0, text.length() - 1).append(' ');
                continue;
            }
            pending.append(text);
            joined.add(new MarkdownDoc.Line(start, pending.toString()));
            pending = null;
        }
        if (pending != null) {
            joined.add(new MarkdownDoc.Line(start, pending.toString()));
        }
        return joined;
    }
}

package io.github.clarifais3sync.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Template parameters and the docs agree: the deploy guide's parameter table (the table whose header starts
 * {@code | Parameter | Default |}) lists every parameter of template.yaml with its real default; and every parameter
 * named in the first column of any parameter table, in any doc, exists in the template.
 */
final class ParameterCheck {

    private static final Pattern NAME = Pattern.compile("^`([A-Za-z][A-Za-z0-9]*)`");
    private static final List<String> NO_DEFAULT = List.of("", "(none)", "(empty)", "empty", "none");

    private ParameterCheck() {}

    static List<String> problems(Template template, MarkdownDoc deployGuide, List<MarkdownDoc> docs) {
        Map<String, String> defaults = template.parameterDefaults();
        List<String> problems = new ArrayList<>();
        Map<String, String> documented = new LinkedHashMap<>();
        for (MarkdownDoc.Table table : parameterTables(deployGuide)) {
            if (table.header().size() < 2 || !table.header().get(1).equalsIgnoreCase("Default")) {
                continue;
            }
            for (List<String> row : table.rows().subList(1, table.rows().size())) {
                Matcher name = NAME.matcher(row.get(0));
                if (name.find() && row.size() > 1) {
                    documented.put(name.group(1), row.get(1));
                }
            }
        }
        String guide = deployGuide.path().getFileName().toString();
        if (documented.isEmpty()) {
            problems.add(guide + ": no parameter table (| Parameter | Default | ... |)");
        }
        defaults.forEach((name, value) -> {
            if (!documented.containsKey(name)) {
                problems.add(guide + ": template parameter " + name + " is not documented in the parameter table "
                        + "(default " + (value.isEmpty() ? "empty" : value) + ")");
            } else if (!sameDefault(value, documented.get(name))) {
                problems.add(guide + ": parameter " + name + " is documented with default " + documented.get(name)
                        + " but template.yaml's default is " + (value.isEmpty() ? "empty" : "`" + value + "`"));
            }
        });
        for (MarkdownDoc doc : docs) {
            for (MarkdownDoc.Table table : parameterTables(doc)) {
                for (int i = 1; i < table.rows().size(); i++) {
                    Matcher name = NAME.matcher(table.rows().get(i).get(0));
                    if (name.find() && !defaults.containsKey(name.group(1))) {
                        problems.add(
                                doc.path().getFileName() + ":" + table.lines().get(i) + ": documented parameter "
                                        + name.group(1) + " does not exist in template.yaml");
                    }
                }
            }
        }
        return problems;
    }

    private static List<MarkdownDoc.Table> parameterTables(MarkdownDoc doc) {
        return doc.tables().stream()
                .filter(table -> table.header().get(0).equalsIgnoreCase("Parameter"))
                .toList();
    }

    private static boolean sameDefault(String templateDefault, String cell) {
        String documented = cell.replace("`", "").strip();
        if (templateDefault.isEmpty()) {
            return NO_DEFAULT.contains(documented.toLowerCase(java.util.Locale.ROOT));
        }
        return documented.equals(templateDefault);
    }
}

package io.github.clarifais3sync.ops.reconcile;

import java.util.ArrayList;
import java.util.List;

/**
 * The operations tool's one spill-file format: one record per line, fields separated by tabs; tab, newline, carriage
 * return and backslash escaped; null as \N. Any key S3 allows survives a round trip.
 */
public final class Tsv {

    private Tsv() {}

    public static String join(Object... fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line.append('\t');
            }
            Object field = fields[i];
            if (field == null) {
                line.append("\\N");
                continue;
            }
            String text = field.toString();
            for (int c = 0; c < text.length(); c++) {
                char ch = text.charAt(c);
                switch (ch) {
                    case '\\' -> line.append("\\\\");
                    case '\t' -> line.append("\\t");
                    case '\n' -> line.append("\\n");
                    case '\r' -> line.append("\\r");
                    default -> line.append(ch);
                }
            }
        }
        return line.toString();
    }

    public static String[] split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean isNull = false;
        for (int c = 0; c < line.length(); c++) {
            char ch = line.charAt(c);
            if (ch == '\t') {
                fields.add(isNull ? null : field.toString());
                field.setLength(0);
                isNull = false;
            } else if (ch == '\\' && c + 1 < line.length()) {
                char next = line.charAt(++c);
                switch (next) {
                    case 't' -> field.append('\t');
                    case 'n' -> field.append('\n');
                    case 'r' -> field.append('\r');
                    case 'N' -> isNull = true;
                    default -> field.append(next);
                }
            } else {
                field.append(ch);
            }
        }
        fields.add(isNull ? null : field.toString());
        return fields.toArray(String[]::new);
    }
}

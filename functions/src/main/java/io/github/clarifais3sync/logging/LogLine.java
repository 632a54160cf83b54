package io.github.clarifais3sync.logging;

/**
 * The one format of this repository's log records: {@code event=<area.what-happened>} followed by
 * {@code name=value} pairs, values quoted only where needed. The field names are shared by every module: bucket,
 * key, inputId, messageId, function, code, httpStatus, reason, error, … (camelCase; README "Logs"). The functions'
 * {@link Log} and the offline stack's Log write through it.
 */
public final class LogLine {

    private LogLine() {
    }

    /** The record for {@code event} and alternating names and values; null values are left out. */
    public static String format(String event, Object... namesAndValues) {
        StringBuilder line = new StringBuilder("event=").append(event);
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            if (value == null) {
                continue;
            }
            line.append(' ').append(namesAndValues[i]).append('=').append(quote(String.valueOf(value)));
        }
        return line.toString();
    }

    private static String quote(String value) {
        boolean plain = !value.isEmpty() && value.chars().noneMatch(c -> c <= ' ' || c == '"' || c == '=' || c == '\\');
        if (plain) {
            return value;
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}

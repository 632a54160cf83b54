package io.github.clarifais3sync.logging;

import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;

/**
 * One-line structured log records: {@code event=upload.accepted bucket=b key="a b.jpg" inputId=… messageId=…}.
 *
 * <p>Written through {@link LambdaRuntime#getLogger()}, so the function's {@code LoggingConfig} (JSON format and
 * application log level) applies in Lambda; outside Lambda the same lines go to standard output. Callers pass
 * identifiers only: the Clarifai key is never handed to this class.
 */
public final class Log {

    private Log() {
    }

    public static void info(String event, Object... keyValues) {
        write(LogLevel.INFO, event, keyValues);
    }

    public static void warn(String event, Object... keyValues) {
        write(LogLevel.WARN, event, keyValues);
    }

    public static void error(String event, Object... keyValues) {
        write(LogLevel.ERROR, event, keyValues);
    }

    public static void debug(String event, Object... keyValues) {
        write(LogLevel.DEBUG, event, keyValues);
    }

    static String format(String event, Object... keyValues) {
        StringBuilder line = new StringBuilder("event=").append(event);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            if (value == null) {
                continue;
            }
            line.append(' ').append(keyValues[i]).append('=').append(quote(String.valueOf(value)));
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

    private static void write(LogLevel level, String event, Object... keyValues) {
        LambdaRuntime.getLogger().log(format(event, keyValues) + System.lineSeparator(), level);
    }
}

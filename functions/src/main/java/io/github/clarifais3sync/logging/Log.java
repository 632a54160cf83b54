package io.github.clarifais3sync.logging;

import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;

/**
 * One-line structured log records in {@link LogLine}'s format:
 * {@code event=upload.posted bucket=b key="a b.jpg" inputId=… messageId=…}.
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

    private static void write(LogLevel level, String event, Object... keyValues) {
        LambdaRuntime.getLogger().log(LogLine.format(event, keyValues) + System.lineSeparator(), level);
    }
}

package io.github.clarifais3sync.logging;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;

/**
 * Structured log records, one JSON object per line on standard output: {@code timestamp}, {@code level},
 * {@code requestId} (while an {@link Invocation} is open) and {@link LogLine}'s {@code event} and fields, all at the
 * top level.
 *
 * <p>Why standard output: Lambda's Java runtime passes {@code System.out} through as it is, while its
 * {@code LambdaLogger} in the JSON log format wraps the text into a {@code message} string, which would bury the
 * fields (aws-lambda-java-runtime-interface-client: {@code AWSLambda} replaces {@code System.out} with a
 * pass-through {@code LambdaOutputStream}; {@code JsonLogFormatter} wraps logger text). Lambda filters by
 * {@code ApplicationLogLevel} only what goes through its logger, so this class applies the level itself: the runtime
 * gives it as {@code AWS_LAMBDA_LOG_LEVEL} with {@code LoggingConfig}
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-logformat.html); without it everything is
 * written. Callers pass identifiers only: the Clarifai key is never handed to this class.
 */
public final class Log {

    /** Lambda's application log levels, least severe first. */
    public enum Level {
        TRACE,
        DEBUG,
        INFO,
        WARN,
        ERROR,
        FATAL
    }

    private static final Level MINIMUM = minimum(System.getenv("AWS_LAMBDA_LOG_LEVEL"));
    private static final InheritableThreadLocal<String> REQUEST_ID = new InheritableThreadLocal<>();

    private Log() {}

    public static void info(String event, Object... keyValues) {
        write(Level.INFO, event, keyValues);
    }

    public static void warn(String event, Object... keyValues) {
        write(Level.WARN, event, keyValues);
    }

    public static void error(String event, Object... keyValues) {
        write(Level.ERROR, event, keyValues);
    }

    public static void debug(String event, Object... keyValues) {
        write(Level.DEBUG, event, keyValues);
    }

    /** The level below which records are dropped, from {@code AWS_LAMBDA_LOG_LEVEL}'s value (null: none). */
    static Level minimum(String configured) {
        if (configured == null || configured.isBlank()) {
            return Level.TRACE;
        }
        try {
            return Level.valueOf(configured.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return Level.TRACE;
        }
    }

    /** The record as written, or null when {@code level} is below {@code minimum}. */
    static String record(Level minimum, Level level, String event, Object... keyValues) {
        if (level.ordinal() < minimum.ordinal()) {
            return null;
        }
        ObjectNode record = JsonNodeFactory.instance
                .objectNode()
                .put("timestamp", Instant.now().toString())
                .put("level", level.name());
        String requestId = REQUEST_ID.get();
        if (requestId != null) {
            record.put("requestId", requestId);
        }
        return LogLine.write(LogLine.fields(record, event, keyValues));
    }

    private static void write(Level level, String event, Object... keyValues) {
        String record = record(MINIMUM, level, event, keyValues);
        if (record != null) {
            System.out.println(record);
        }
    }

    public static void bindRequest(String requestId) {
        REQUEST_ID.set(requestId);
    }

    public static void clearRequest() {
        REQUEST_ID.remove();
    }
}

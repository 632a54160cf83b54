package io.github.clarifais3sync.offline;

import io.github.clarifais3sync.logging.LogLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline stack's log records, with the functions' API and format ({@link LogLine}: {@code event=…} and the
 * shared field names), written through SLF4J so they sit beside the emulators' lines.
 */
public final class Log {

    private static final Logger LOGGER = LoggerFactory.getLogger("io.github.clarifais3sync.offline");

    private Log() {}

    public static void debug(String event, Object... namesAndValues) {
        if (LOGGER.isDebugEnabled()) {
            LOGGER.debug(LogLine.format(event, namesAndValues));
        }
    }

    public static void info(String event, Object... namesAndValues) {
        LOGGER.info(LogLine.format(event, namesAndValues));
    }

    public static void warn(String event, Object... namesAndValues) {
        LOGGER.warn(LogLine.format(event, namesAndValues));
    }

    public static void error(String event, Object... namesAndValues) {
        LOGGER.error(LogLine.format(event, namesAndValues));
    }
}

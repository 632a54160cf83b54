package io.github.clarifais3sync.offline.lambda;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failed invocation as Lambda reports it: {@code errorType}, {@code errorMessage} and, for unhandled exceptions,
 * the stack trace (https://docs.aws.amazon.com/lambda/latest/dg/java-exceptions.html).
 */
public final class FunctionError extends Exception {

    private final String errorType;

    public FunctionError(String errorType, String message, Throwable cause) {
        super(message, cause);
        this.errorType = errorType;
    }

    public String errorType() {
        return errorType;
    }

    /** The JSON body Lambda returns for a function error. */
    public Map<String, Object> payload() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("errorMessage", getMessage());
        payload.put("errorType", errorType);
        if (getCause() != null) {
            payload.put(
                    "stackTrace",
                    List.of(getCause().getStackTrace()).stream()
                            .limit(20)
                            .map(String::valueOf)
                            .toList());
        }
        return payload;
    }
}

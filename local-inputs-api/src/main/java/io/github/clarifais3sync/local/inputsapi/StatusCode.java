package io.github.clarifais3sync.local.inputsapi;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Clarifai status codes this API answers with (https://docs.clarifai.com/resources/api-overview/status-codes).
 * Numbers never changed across proto versions; names did, so the old names are kept as aliases for the {@code
 * status.code} list filter (docs/clarifai-api-notes.md#json,
 * https://docs.clarifai.com/resources/api-overview/status-codes).
 */
public enum StatusCode {
    SUCCESS(10000, "Ok", 200),
    MIXED_STATUS(10010, "Mixed Success", 207),
    FAILURE(10020, "Failure", 400),
    TRY_AGAIN(10030, "Try the request again", 503),
    CONN_THROTTLED(11005, "Making too many requests", 429),
    CONN_INSUFFICIENT_SCOPES(11007, "API key has insufficient scopes", 403),
    CONN_KEY_INVALID(11008, "Invalid API key or Invalid API key/application pair", 401),
    CONN_KEY_NOT_FOUND(11009, "API key not found", 401),
    CONN_BAD_REQUEST_FORMAT(11100, "Bad request format", 400),
    CONN_DOES_NOT_EXIST(11101, "Resource does not exist", 404),
    CONN_INVALID_REQUEST(11102, "Invalid request", 400),
    CONN_METHOD_NOT_ALLOWED(11103, "Method not allowed", 405),
    INPUT_SUCCESS(30000, "Download complete", 200, "INPUT_DOWNLOAD_SUCCESS", "INPUT_IMAGE_DOWNLOAD_SUCCESS"),
    INPUT_PENDING(30001, "Download pending", 200, "INPUT_DOWNLOAD_PENDING", "INPUT_IMAGE_DOWNLOAD_PENDING"),
    INPUT_FAILED(30002, "Download failed", 400, "INPUT_DOWNLOAD_FAILED", "INPUT_IMAGE_DOWNLOAD_FAILED"),
    INPUT_IN_PROGRESS(
            30003, "Download in progress", 200, "INPUT_DOWNLOAD_IN_PROGRESS", "INPUT_IMAGE_DOWNLOAD_IN_PROGRESS"),
    INPUT_DUPLICATE(30100, "Input duplicate", 400, "INPUT_IMAGE_DUPLICATE"),
    INPUT_UNSUPPORTED_FORMAT(30101, "Input format unsupported", 400, "INPUT_IMAGE_UNSUPPORTED_FORMAT"),
    INPUT_DOES_NOT_EXIST(30102, "Input does not exist", 404, "INPUT_IMAGE_DOES_NOT_EXIST"),
    INPUT_INVALID_ARGUMENT(30104, "Invalid argument", 400, "INPUT_IMAGE_INVALID_ARGUMENT"),
    INPUT_OVER_LIMIT(30105, "Input is over the size limit", 400, "INPUT_IMAGE_OVER_LIMIT"),
    INPUT_INVALID_URL(30106, "Invalid input URL", 400, "INPUT_IMAGE_INVALID_URL"),
    INPUT_MODIFY_SUCCESS(30200, "Input image modification success", 200, "INPUT_IMAGE_MODIFY_SUCCESS"),
    INPUT_STORAGE_HOST_FAILED(30210, "Input storage host failed", 503),
    ALL_INPUT_INVALID_BYTES(30300, "Input image decoding failed", 400, "ALL_INPUT_IMAGES_INVALID_BYTES"),
    INPUT_CONNECTION_FAILED(39996, "Input connection failed", 400),
    INPUT_INVALID_REQUEST(39999, "Invalid input request", 400),
    DATABASE_DUPLICATE_KEY(40010, "Object has a duplicate ID; another object with same ID already exist", 400),
    RPC_REQUEST_QUEUE_FULL(40030, "Server is too busy", 503),
    RPC_SERVER_UNAVAILABLE(40031, "Server unavailable", 503),
    RPC_REQUEST_TIMEOUT(40032, "Request timed out", 504),
    RPC_MAX_MESSAGE_SIZE_EXCEEDED(40033, "Request message size exceeded", 413),
    QUEUE_CONN_ERROR(41000, "Servers are busy", 503),
    INTERNAL_SERVER_ISSUE(98004, "Internal server issue", 500),
    INTERNAL_RESOURCE_EXHAUSTED(98014, "Internal resource exhausted", 503);

    private static final Map<Integer, StatusCode> BY_NUMBER = new HashMap<>();
    private static final Map<String, StatusCode> BY_NAME = new HashMap<>();

    static {
        for (StatusCode code : values()) {
            BY_NUMBER.put(code.number, code);
            BY_NAME.put(code.name(), code);
            code.aliases.forEach(alias -> BY_NAME.put(alias, code));
        }
    }

    private final int number;
    private final String description;
    private final int httpStatus;
    private final List<String> aliases;

    StatusCode(int number, String description, int httpStatus, String... aliases) {
        this.number = number;
        this.description = description;
        this.httpStatus = httpStatus;
        this.aliases = List.of(aliases);
    }

    public int number() {
        return number;
    }

    public String description() {
        return description;
    }

    /**
     * HTTP status a top-level status with this code is served with (docs/clarifai-api-notes.md#codes; the rest is
     * inferred).
     */
    public int httpStatus() {
        return httpStatus;
    }

    public static Optional<StatusCode> byNumber(int number) {
        return Optional.ofNullable(BY_NUMBER.get(number));
    }

    /** Accepts the current name, a deprecated alias, or the number as text, as the gateway does for enums. */
    public static Optional<StatusCode> parse(String text) {
        String trimmed = text.trim();
        if (trimmed.chars().allMatch(Character::isDigit) && !trimmed.isEmpty()) {
            return byNumber(Integer.parseInt(trimmed));
        }
        return Optional.ofNullable(BY_NAME.get(trimmed));
    }

    /** Description for any number, including codes this enum does not list (used by fault injection). */
    public static String describe(int number) {
        return byNumber(number).map(StatusCode::description).orElse("Status " + number);
    }

    /** HTTP status for any number; unknown codes in the 98xxx/40xxx server ranges are served as 5xx. */
    public static int httpStatusOf(int number) {
        return byNumber(number).map(StatusCode::httpStatus).orElse(number >= 40000 ? 500 : 400);
    }
}

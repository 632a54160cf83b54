package io.github.clarifais3sync.inputs;

import java.util.Map;

/**
 * Clarifai status codes this product decides on (https://docs.clarifai.com/resources/api-overview/status-codes).
 * Decisions are made on these numbers only, never on names or descriptions: the names changed over the years
 * (INPUT_IMAGE_DOWNLOAD_SUCCESS, INPUT_DOWNLOAD_SUCCESS, INPUT_SUCCESS are all 30000), the numbers never did. What
 * each means for a retry is {@link Classifier}'s to say.
 */
public final class StatusCodes {

    public static final int ZERO = 0;
    public static final int SUCCESS = 10000;
    public static final int MIXED_STATUS = 10010;
    public static final int FAILURE = 10020;
    public static final int TRY_AGAIN = 10030;
    public static final int CONN_EXCEED_HOURLY_LIMIT = 11003;
    public static final int CONN_THROTTLED = 11005;
    public static final int CONN_KEY_INVALID = 11008;
    public static final int CONN_KEY_NOT_FOUND = 11009;
    public static final int CONN_BAD_REQUEST_FORMAT = 11100;
    public static final int CONN_DOES_NOT_EXIST = 11101;
    /** Downloaded, processed and indexed: the success end state of an input. */
    public static final int INPUT_SUCCESS = 30000;

    public static final int INPUT_PENDING = 30001;
    public static final int INPUT_FAILED = 30002;
    public static final int INPUT_IN_PROGRESS = 30003;
    public static final int INPUT_DUPLICATE = 30100;
    public static final int INPUT_UNSUPPORTED_FORMAT = 30101;
    /** A PATCH (or get) of an input id the app does not have. */
    public static final int INPUT_DOES_NOT_EXIST = 30102;

    public static final int INPUT_OVER_LIMIT = 30105;
    public static final int INPUT_MODIFY_SUCCESS = 30200;
    public static final int INPUT_STORAGE_HOST_FAILED = 30210;
    public static final int ALL_INPUT_INVALID_BYTES = 30300;
    public static final int INPUT_CONNECTION_FAILED = 39996;
    public static final int INPUT_INVALID_REQUEST = 39999;
    /** "Object has a duplicate ID": what an add answers, per input, for an id the app already has. */
    public static final int DATABASE_DUPLICATE_KEY = 40010;

    public static final int RPC_SERVER_UNAVAILABLE = 40031;
    /** The request as a whole is larger than the service takes. */
    public static final int RPC_MAX_MESSAGE_SIZE_EXCEEDED = 40033;

    private static final Map<String, Integer> NAMES = Map.ofEntries(
            Map.entry("ZERO", ZERO),
            Map.entry("SUCCESS", SUCCESS),
            Map.entry("MIXED_STATUS", MIXED_STATUS),
            Map.entry("FAILURE", FAILURE),
            Map.entry("TRY_AGAIN", TRY_AGAIN),
            Map.entry("CONN_EXCEED_HOURLY_LIMIT", CONN_EXCEED_HOURLY_LIMIT),
            Map.entry("CONN_THROTTLED", CONN_THROTTLED),
            Map.entry("CONN_KEY_INVALID", CONN_KEY_INVALID),
            Map.entry("CONN_KEY_NOT_FOUND", CONN_KEY_NOT_FOUND),
            Map.entry("CONN_BAD_REQUEST_FORMAT", CONN_BAD_REQUEST_FORMAT),
            Map.entry("CONN_DOES_NOT_EXIST", CONN_DOES_NOT_EXIST),
            Map.entry("INPUT_SUCCESS", INPUT_SUCCESS),
            Map.entry("INPUT_DOWNLOAD_SUCCESS", INPUT_SUCCESS),
            Map.entry("INPUT_IMAGE_DOWNLOAD_SUCCESS", INPUT_SUCCESS),
            Map.entry("INPUT_PENDING", INPUT_PENDING),
            Map.entry("INPUT_DOWNLOAD_PENDING", INPUT_PENDING),
            Map.entry("INPUT_IMAGE_DOWNLOAD_PENDING", INPUT_PENDING),
            Map.entry("INPUT_FAILED", INPUT_FAILED),
            Map.entry("INPUT_DOWNLOAD_FAILED", INPUT_FAILED),
            Map.entry("INPUT_IMAGE_DOWNLOAD_FAILED", INPUT_FAILED),
            Map.entry("INPUT_IN_PROGRESS", INPUT_IN_PROGRESS),
            Map.entry("INPUT_DOWNLOAD_IN_PROGRESS", INPUT_IN_PROGRESS),
            Map.entry("INPUT_IMAGE_DOWNLOAD_IN_PROGRESS", INPUT_IN_PROGRESS),
            Map.entry("INPUT_DUPLICATE", INPUT_DUPLICATE),
            Map.entry("INPUT_IMAGE_DUPLICATE", INPUT_DUPLICATE),
            Map.entry("INPUT_UNSUPPORTED_FORMAT", INPUT_UNSUPPORTED_FORMAT),
            Map.entry("INPUT_OVER_LIMIT", INPUT_OVER_LIMIT),
            Map.entry("INPUT_MODIFY_SUCCESS", INPUT_MODIFY_SUCCESS),
            Map.entry("INPUT_DOES_NOT_EXIST", INPUT_DOES_NOT_EXIST),
            Map.entry("ALL_INPUT_INVALID_BYTES", ALL_INPUT_INVALID_BYTES),
            Map.entry("ALL_INPUT_IMAGES_INVALID_BYTES", ALL_INPUT_INVALID_BYTES),
            Map.entry("INPUT_CONNECTION_FAILED", INPUT_CONNECTION_FAILED),
            Map.entry("INPUT_INVALID_REQUEST", INPUT_INVALID_REQUEST),
            Map.entry("DATABASE_DUPLICATE_KEY", DATABASE_DUPLICATE_KEY),
            Map.entry("RPC_SERVER_UNAVAILABLE", RPC_SERVER_UNAVAILABLE));

    private StatusCodes() {}

    /** The number for a code sent as an enum name (one docs example does); 0 when the name is unknown. */
    public static int fromName(String name) {
        return NAMES.getOrDefault(name, ZERO);
    }
}

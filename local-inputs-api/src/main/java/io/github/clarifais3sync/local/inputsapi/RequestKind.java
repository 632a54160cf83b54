package io.github.clarifais3sync.local.inputsapi;

import java.util.ArrayList;
import java.util.List;

/**
 * What an Inputs API request does, for counting what a client spends of the app's rate limit: adds (PostInputs),
 * batch deletes (DeleteInputs, ids in the body), single deletes (DeleteInput), patches (PatchInputs), single-input
 * reads (GetInput), listings (ListInputs and StreamInputs without ids), status checks (ListInputs filtered by
 * {@code ids}, which is how a client polls the processing status of inputs it added, and GetInputCount), and anything
 * else (add-job reads, unknown paths).
 */
public enum RequestKind {
    ADD("add"),
    DELETE_BATCH("delete-batch"),
    DELETE_ONE("delete-one"),
    PATCH("patch"),
    GET("get"),
    LIST("list"),
    STATUS("status"),
    OTHER("other");

    private final String wireName;

    RequestKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name reports and {@code GET /_local/requests} use, e.g. {@code delete-batch}. */
    public String wireName() {
        return wireName;
    }

    /** Both kinds of delete. */
    public boolean isDelete() {
        return this == DELETE_BATCH || this == DELETE_ONE;
    }

    /** The kind of a request under {@code /v2}, from its method, raw path and raw query. */
    static RequestKind of(String method, String rawPath, String rawQuery) {
        List<String> rest = afterInputs(rawPath);
        if (rest == null) {
            return OTHER;
        }
        if (rest.isEmpty()) {
            return switch (method) {
                case "POST" -> ADD;
                case "PATCH" -> PATCH;
                case "DELETE" -> DELETE_BATCH;
                case "GET" -> new QueryParameters(rawQuery).all("ids").isEmpty() ? LIST : STATUS;
                default -> OTHER;
            };
        }
        if (rest.size() == 1 && method.equals("GET")) {
            return switch (rest.get(0)) {
                case "status" -> STATUS;
                case "stream" -> LIST;
                default -> GET;
            };
        }
        if (rest.size() == 1 && method.equals("DELETE")) {
            return DELETE_ONE;
        }
        return OTHER;
    }

    /** The path segments after {@code inputs} in either path form, or null for another path. */
    private static List<String> afterInputs(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        if (segments.size() >= 2 && segments.get(1).equals("inputs")) {
            return segments.subList(2, segments.size());
        }
        if (segments.size() >= 6
                && segments.get(1).equals("users")
                && segments.get(3).equals("apps")
                && segments.get(5).equals("inputs")) {
            return segments.subList(6, segments.size());
        }
        return null;
    }
}

package io.github.clarifais3sync.inputs;

/**
 * The {@code status} object of a response or of one input (https://docs.clarifai.com/resources/api-overview/status-codes). Missing fields are defaults.
 *
 * @param code        Clarifai status code, not the HTTP status
 * @param description short text such as "Ok" or "Mixed Success"
 * @param details     longer text such as "Input has a duplicate ID."
 * @param requestId   {@code req_id}, worth logging
 */
public record ApiStatus(int code, String description, String details, String requestId) {

    public ApiStatus {
        description = description == null ? "" : description;
        details = details == null ? "" : details;
        requestId = requestId == null ? "" : requestId;
    }

    public static ApiStatus of(int code, String description) {
        return new ApiStatus(code, description, "", "");
    }

    /** Description and details in one line, for the ledger and for error messages. */
    public String summary() {
        if (details.isEmpty()) {
            return description;
        }
        return description.isEmpty() ? details : description + ": " + details;
    }
}

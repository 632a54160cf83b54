package io.github.clarifais3sync.inputs;

import com.fasterxml.jackson.databind.JsonNode;

/** One answer of the API: HTTP status, parsed body (a missing node when it was empty or not JSON) and its status. */
record ApiResponse(int httpStatus, JsonNode body, ApiStatus status) {

    boolean isHttpSuccess() {
        return httpStatus >= 200 && httpStatus < 300;
    }

    /** 2xx with 10000 SUCCESS. */
    boolean isSuccess() {
        return isHttpSuccess() && status.code() == StatusCodes.SUCCESS;
    }

    boolean isNotFound() {
        return Classifier.isNotFound(httpStatus, status.code());
    }

    /** A body with one status per input: a success, or a partial or total failure that lists the inputs. */
    boolean carriesInputStatuses() {
        int code = status.code();
        return (code == StatusCodes.SUCCESS && isHttpSuccess())
                || ((code == StatusCodes.MIXED_STATUS || code == StatusCodes.FAILURE)
                        && body.path("inputs").size() > 0);
    }
}

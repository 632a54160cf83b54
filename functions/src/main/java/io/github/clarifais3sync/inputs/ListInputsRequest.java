package io.github.clarifais3sync.inputs;

import java.util.List;

/**
 * A list-inputs query. The API takes {@code page} (from 1), {@code per_page} (up to 1,000), a repeated {@code ids}
 * filter and a {@code status.code} filter (https://docs.clarifai.com/resources/api-overview/pagination).
 *
 * @param statusCode 0 for no status filter
 */
public record ListInputsRequest(int page, int perPage, List<String> ids, int statusCode) {

    public static final int MAX_PER_PAGE = 1000;

    public ListInputsRequest {
        if (page < 1) {
            throw new IllegalArgumentException("page starts at 1, was " + page);
        }
        if (perPage < 1 || perPage > MAX_PER_PAGE) {
            throw new IllegalArgumentException("per_page must be 1.." + MAX_PER_PAGE + ", was " + perPage);
        }
        ids = ids == null ? List.of() : List.copyOf(ids);
    }

    public static ListInputsRequest page(int page, int perPage) {
        return new ListInputsRequest(page, perPage, List.of(), 0);
    }

    public static ListInputsRequest ofIds(List<String> ids) {
        return new ListInputsRequest(1, Math.max(1, ids.size()), ids, 0);
    }

    public ListInputsRequest withStatusCode(int code) {
        return new ListInputsRequest(page, perPage, ids, code);
    }
}

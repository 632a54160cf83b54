package io.github.clarifais3sync.inputs;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Clarifai's v2 Inputs API (https://docs.clarifai.com/create-manage/inputs/upload): add, list, stream, get, status
 * counts, patch and delete. {@link #builder()} gives the REST client; tests of code that uses it may pass a fake.
 *
 * <p>Every call takes a {@link Deadline}: retryable failures are retried with backoff until it leaves no room, then
 * thrown as a retryable {@link InputsApiException}; permanent failures are thrown at once.
 */
public interface InputsClient extends AutoCloseable {

    /** "You are limited to sending 128 inputs at a time" (docs/clarifai-api-notes.md#limits). */
    int MAX_INPUTS_PER_ADD = 128;
    /** A whole add request must stay under 128 MB (docs/clarifai-api-notes.md#limits). */
    long MAX_REQUEST_BYTES = 128L * 1024 * 1024;
    /** Each image must be under 20 MB (docs/clarifai-api-notes.md#limits). */
    long MAX_IMAGE_BYTES = 20L * 1024 * 1024;
    /** No documented maximum for DeleteInputs; batches of 128 are what the SDKs send (docs/clarifai-api-notes.md#limits). */
    int MAX_IDS_PER_DELETE = 128;

    static InputsClientBuilder builder() {
        return new InputsClientBuilder();
    }

    /**
     * Adds up to 128 inputs in one request and returns each input's outcome. An add that partly succeeds is never
     * sent again whole: only inputs refused for a passing reason go again, until the deadline.
     *
     * @throws IllegalArgumentException before sending, when a limit is broken (count, id, image or request size)
     */
    AddInputsResult addInputs(List<NewInput> inputs, Deadline deadline);

    InputPage listInputs(ListInputsRequest request, Deadline deadline);

    /** Keyset pagination: up to {@code perPage} inputs after {@code lastId} (exclusive; null for the first page). */
    InputPage streamInputs(String lastId, int perPage, boolean descending, Deadline deadline);

    /** The input, or empty when it does not exist or was deleted (11101 / HTTP 404). */
    Optional<Input> getInput(String id, Deadline deadline);

    InputCounts getInputCounts(Deadline deadline);

    List<InputOutcome> patchInputs(List<InputPatch> patches, PatchAction action, Deadline deadline);

    /** Deletes one input; deletion is asynchronous on the server, and an input already gone counts as deleted. */
    void deleteInput(String id, Deadline deadline);

    /** Deletes inputs by id, in requests of at most {@value #MAX_IDS_PER_DELETE} ids. */
    void deleteInputs(Collection<String> ids, Deadline deadline);

    /** Deletes every input: {@code delete_all} where the server honours it, else by paging ids (docs/clarifai-api-notes.md#deletes). */
    DeleteAllResult deleteAll(Deadline deadline);

    @Override
    void close();
}

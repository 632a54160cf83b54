package io.github.clarifais3sync.fakes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.clarifais3sync.inputs.AddInputsResult;
import io.github.clarifais3sync.inputs.ApiStatus;
import io.github.clarifais3sync.inputs.Deadline;
import io.github.clarifais3sync.inputs.DeleteAllResult;
import io.github.clarifais3sync.inputs.Input;
import io.github.clarifais3sync.inputs.InputCounts;
import io.github.clarifais3sync.inputs.InputOutcome;
import io.github.clarifais3sync.inputs.InputPage;
import io.github.clarifais3sync.inputs.InputPatch;
import io.github.clarifais3sync.inputs.InputsApiException;
import io.github.clarifais3sync.inputs.InputsClient;
import io.github.clarifais3sync.inputs.ListInputsRequest;
import io.github.clarifais3sync.inputs.NewInput;
import io.github.clarifais3sync.inputs.PatchAction;
import io.github.clarifais3sync.inputs.StatusCodes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * In-memory stand-in for the Clarifai boundary in unit tests of the services. Adds are accepted unless a per-id
 * outcome was set; a whole-request failure can be armed. The real client is tested against the local Inputs API.
 */
public final class FakeInputsClient implements InputsClient {

    public final List<List<NewInput>> adds = new ArrayList<>();
    public final List<String> deleted = new ArrayList<>();
    /** The ids of each DeleteInputs request, refused ones included. */
    public final List<List<String>> deleteRequests = new ArrayList<>();

    private final java.util.Set<String> refusedDeletes = new java.util.HashSet<>();
    /** Every PATCH request, as the list of input patches it carried. */
    public final List<List<InputPatch>> patches = new ArrayList<>();

    public final Map<String, Input> app = new LinkedHashMap<>();
    private final Map<String, InputOutcome.Kind> kinds = new LinkedHashMap<>();
    private final Map<String, Integer> codes = new LinkedHashMap<>();
    private InputsApiException nextAddFailure;

    public synchronized FakeInputsClient answer(String id, InputOutcome.Kind kind, int code) {
        kinds.put(id, kind);
        codes.put(id, code);
        return this;
    }

    public synchronized FakeInputsClient failNextAdd(InputsApiException failure) {
        this.nextAddFailure = failure;
        return this;
    }

    /** Sets what a status check will see for an input. */
    public synchronized FakeInputsClient status(String id, int code) {
        app.put(
                id,
                new Input(
                        id,
                        "",
                        List.of(),
                        JsonNodeFactory.instance.objectNode(),
                        ApiStatus.of(code, "code " + code),
                        null,
                        null));
        return this;
    }

    @Override
    public synchronized AddInputsResult addInputs(List<NewInput> inputs, Deadline deadline) {
        adds.add(List.copyOf(inputs));
        if (nextAddFailure != null) {
            InputsApiException failure = nextAddFailure;
            nextAddFailure = null;
            throw failure;
        }
        List<InputOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String id = inputs.get(i).id();
            InputOutcome.Kind kind = kinds.getOrDefault(id, InputOutcome.Kind.ACCEPTED);
            int code = codes.getOrDefault(id, StatusCodes.INPUT_PENDING);
            outcomes.add(new InputOutcome(i, id, kind, ApiStatus.of(code, "code " + code)));
            if (kind == InputOutcome.Kind.ACCEPTED) {
                app.put(
                        id,
                        new Input(
                                id,
                                "",
                                inputs.get(i).concepts(),
                                inputs.get(i).metadata(),
                                ApiStatus.of(StatusCodes.INPUT_PENDING, "pending"),
                                null,
                                null));
            }
        }
        return new AddInputsResult(outcomes);
    }

    @Override
    public synchronized InputPage listInputs(ListInputsRequest request, Deadline deadline) {
        return new InputPage(request.ids().stream()
                .map(app::get)
                .filter(java.util.Objects::nonNull)
                .toList());
    }

    @Override
    public synchronized InputPage streamInputs(String lastId, int perPage, boolean descending, Deadline deadline) {
        throw new UnsupportedOperationException("not used by the services");
    }

    @Override
    public synchronized Optional<Input> getInput(String id, Deadline deadline) {
        return Optional.ofNullable(app.get(id));
    }

    @Override
    public synchronized InputCounts getInputCounts(Deadline deadline) {
        throw new UnsupportedOperationException("not used by the services");
    }

    @Override
    public synchronized List<InputOutcome> patchInputs(
            List<InputPatch> patches, PatchAction action, Deadline deadline) {
        this.patches.add(List.copyOf(patches));
        List<InputOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < patches.size(); i++) {
            InputPatch patch = patches.get(i);
            Input current = app.get(patch.id());
            if (current == null) {
                outcomes.add(new InputOutcome(
                        i,
                        patch.id(),
                        InputOutcome.Kind.PERMANENT_FAILURE,
                        ApiStatus.of(StatusCodes.INPUT_DOES_NOT_EXIST, "input does not exist")));
                continue;
            }
            if (action != PatchAction.OVERWRITE) {
                throw new UnsupportedOperationException("the services overwrite");
            }
            app.put(
                    patch.id(),
                    new Input(
                            patch.id(),
                            current.imageUrl(),
                            patch.concepts(),
                            patch.metadata(),
                            current.status(),
                            current.createdAt(),
                            current.modifiedAt()));
            outcomes.add(new InputOutcome(
                    i,
                    patch.id(),
                    InputOutcome.Kind.ACCEPTED,
                    ApiStatus.of(StatusCodes.INPUT_MODIFY_SUCCESS, "modified")));
        }
        return outcomes;
    }

    @Override
    public synchronized void deleteInput(String id, Deadline deadline) {
        deleted.add(id);
        app.remove(id);
    }

    /** A DeleteInputs request naming this id is refused with 503 / 40031 (retryable), and deletes nothing. */
    public synchronized FakeInputsClient refuseDeletesOf(String id) {
        refusedDeletes.add(id);
        return this;
    }

    @Override
    public synchronized void deleteInputs(Collection<String> ids, Deadline deadline) {
        deleteRequests.add(List.copyOf(ids));
        if (ids.stream().anyMatch(refusedDeletes::contains)) {
            throw new InputsApiException("DeleteInputs", 503, ApiStatus.of(40031, "Server unavailable"), null);
        }
        ids.forEach(id -> deleteInput(id, deadline));
    }

    @Override
    public synchronized DeleteAllResult deleteAll(Deadline deadline) {
        throw new UnsupportedOperationException("not used by the services");
    }

    @Override
    public synchronized void close() {}
}

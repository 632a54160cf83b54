package io.github.clarifais3sync.local.inputsapi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inputs of one app, in creation order. Callers hold this object's monitor while they read or change it or any of
 * its {@link StoredInput}s.
 */
final class AppInputs {
    final String userId;
    final String appId;
    private final LinkedHashMap<String, StoredInput> inputs = new LinkedHashMap<>();
    /** Creation sequence of every id ever added, kept after deletion so a stream's {@code last_id} stays usable. */
    private final Map<String, Long> sequenceById = new HashMap<>();

    private final Map<String, Integer> inputsByUrl = new HashMap<>();
    private final Map<String, AddJob> addJobs = new HashMap<>();
    private long nextSequence;

    AppInputs(String userId, String appId) {
        this.userId = userId;
        this.appId = appId;
    }

    long nextSequence() {
        return ++nextSequence;
    }

    StoredInput get(String id) {
        return inputs.get(id);
    }

    /** The input unless it is unknown or being deleted. */
    StoredInput live(String id) {
        StoredInput input = inputs.get(id);
        return input == null || input.deletePending ? null : input;
    }

    boolean hasUrl(String url) {
        return inputsByUrl.containsKey(url);
    }

    void add(StoredInput input) {
        inputs.put(input.id, input);
        sequenceById.put(input.id, input.sequence);
        if (input.url != null) {
            inputsByUrl.merge(input.url, 1, Integer::sum);
        }
    }

    void remove(StoredInput input) {
        if (inputs.get(input.id) != input) {
            return;
        }
        inputs.remove(input.id);
        if (input.url != null) {
            inputsByUrl.computeIfPresent(input.url, (url, count) -> count == 1 ? null : count - 1);
        }
    }

    Long sequenceOf(String id) {
        return sequenceById.get(id);
    }

    List<StoredInput> all() {
        return new ArrayList<>(inputs.values());
    }

    AddJob addJob(String id) {
        return addJobs.get(id);
    }

    AddJob addJobFor(String id, Instant now) {
        return addJobs.computeIfAbsent(id, jobId -> new AddJob(jobId, now));
    }

    void clear() {
        inputs.clear();
        inputsByUrl.clear();
        addJobs.clear();
    }

    /**
     * An inputs add-job (docs/clarifai-api-notes.md#add-jobs): the inputs accepted under its id plus those refused at
     * once.
     */
    static final class AddJob {
        final String id;
        final Instant createdAt;
        Instant modifiedAt;
        final List<StoredInput> inputs = new ArrayList<>();
        int refused;

        AddJob(String id, Instant createdAt) {
            this.id = id;
            this.createdAt = createdAt;
            this.modifiedAt = createdAt;
        }
    }
}

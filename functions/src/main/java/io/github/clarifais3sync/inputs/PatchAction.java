package io.github.clarifais3sync.inputs;

/** PATCH inputs actions (https://docs.clarifai.com/api-guide/advanced-topics/patching). */
public enum PatchAction {
    /** Overwrite scalar keys, merge concept lists by id, deep-merge metadata. */
    MERGE("merge"),
    /** Remove concepts with matching ids, and metadata keys sent with the value {@code true}. */
    REMOVE("remove"),
    /** Replace concepts and metadata as a whole. */
    OVERWRITE("overwrite");

    private final String wireName;

    PatchAction(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}

package io.github.clarifais3sync.inputs;

/**
 * How "delete all" was carried out.
 *
 * @param usedDeleteAll true when the server honoured {@code {"delete_all": true}}
 * @param deletedIds    ids deleted in batches when it did not (0 when {@code usedDeleteAll})
 */
public record DeleteAllResult(boolean usedDeleteAll, int deletedIds) {}

package io.github.clarifais3sync.inputs;

/** App-wide totals from {@code GET …/inputs/status} (https://docs.clarifai.com/create-manage/inputs/upload); every counter is always sent. */
public record InputCounts(
        long processed,
        long toProcess,
        long errors,
        long processing,
        long reindexed,
        long toReindex,
        long reindexErrors,
        long reindexing) {}

package io.github.clarifais3sync.local.inputsapi;

/**
 * The final per-input status of the asynchronous download and decode
 * (https://docs.clarifai.com/create-manage/inputs/upload, docs/clarifai-api-notes.md#limits).
 *
 * @param format ImageIO's format name, e.g. "jpeg"; {@code null} unless the bytes were recognised
 * @param width 0 when unknown
 */
record ProcessingResult(StatusCode code, String details, String format, int width, int height) {

    static ProcessingResult failure(StatusCode code, String details) {
        return new ProcessingResult(code, details, null, 0, 0);
    }

    static ProcessingResult success(String format, int width, int height) {
        return new ProcessingResult(StatusCode.INPUT_SUCCESS, null, format, width, height);
    }

    boolean succeeded() {
        return code == StatusCode.INPUT_SUCCESS;
    }
}

package io.github.clarifais3sync.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clarifais3sync.inputs.Classifier.Progress;
import io.github.clarifais3sync.inputs.Classifier.RequestFailure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

// Unit tests of the one place that reads Clarifai status codes, HTTP statuses and transport errors.
class ClassifierTest {

    @ParameterizedTest(name = "HTTP {0}, code {1} -> {2}")
    @CsvSource({
        "429, 11005, THROTTLED",
        "429, 0, THROTTLED",
        "200, 11003, THROTTLED",
        "503, 40031, UNAVAILABLE",
        "500, 98004, UNAVAILABLE",
        "502, 0, UNAVAILABLE",
        "200, 10030, UNAVAILABLE",
        "429, 41000, THROTTLED",
        "400, 40033, TOO_LARGE",
        "500, 40033, TOO_LARGE",
        "401, 11008, UNAUTHORIZED",
        "503, 11009, UNAUTHORIZED",
        "403, 0, UNAUTHORIZED",
        "400, 11100, INVALID",
        "400, 10020, INVALID",
        "404, 11101, INVALID"
    })
    void ofResponse_decidesOnTheCodeFirstThenOnTheHttpStatus(int httpStatus, int code, RequestFailure expected) {
        assertEquals(expected, Classifier.ofResponse(httpStatus, code));
    }

    @ParameterizedTest(name = "{0} retryable: {1}")
    @CsvSource({"THROTTLED, true", "UNAVAILABLE, true", "TOO_LARGE, false", "UNAUTHORIZED, false", "INVALID, false"})
    void requestFailure_saysWhetherSendingAgainMayHelp(RequestFailure failure, boolean retryable) {
        assertEquals(retryable, failure.retryable());
        assertTrue(Classifier.ofTransportError().retryable(), "no answer at all is worth another try");
    }

    @ParameterizedTest(name = "request {0}, input {1} -> {2}")
    @CsvSource({
        "10000, 0, ACCEPTED",
        "10010, 30001, ACCEPTED",
        "10010, 30003, ACCEPTED",
        "10010, 30000, ACCEPTED",
        "10010, 40010, DUPLICATE_ID",
        "10010, 39996, RETRYABLE_FAILURE",
        "10010, 30210, RETRYABLE_FAILURE",
        "10010, 40031, RETRYABLE_FAILURE",
        "10010, 0, RETRYABLE_FAILURE",
        "10010, 30002, PERMANENT_FAILURE",
        "10010, 30100, PERMANENT_FAILURE",
        "10020, 30300, PERMANENT_FAILURE",
        "10020, 39999, PERMANENT_FAILURE"
    })
    void ofAddedInput_classifiesEachInputOfAnAdd(int requestCode, int inputCode, InputOutcome.Kind expected) {
        assertEquals(expected, Classifier.ofAddedInput(requestCode, inputCode));
    }

    @ParameterizedTest(name = "status {0} -> {1}")
    @CsvSource({
        "30000, INDEXED",
        "30001, PROCESSING",
        "30003, PROCESSING",
        "39996, PASSING_FAILURE",
        "98004, PASSING_FAILURE",
        "30002, FAILED",
        "30101, FAILED",
        "30300, FAILED"
    })
    void ofInputStatus_tellsTheStatusPollerWhatToRecord(int code, Progress expected) {
        assertEquals(expected, Classifier.ofInputStatus(code));
    }

    @ParameterizedTest(name = "HTTP {0}, code {1} not found: {2}")
    @CsvSource({"404, 11101, true", "404, 0, true", "200, 11101, true", "404, 11009, false", "200, 0, false"})
    void isNotFound_acceptsTheCodeOrABare404(int httpStatus, int code, boolean notFound) {
        assertEquals(notFound, Classifier.isNotFound(httpStatus, code));
        assertFalse(Classifier.isNotFound(500, 0));
    }
}

package io.github.clarifais3sync.local.inputsapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.Random;

/**
 * Failures the real service shows under load (docs/clarifai-api-notes.md#codes,
 * https://docs.clarifai.com/resources/api-overview/rate-limits): 5xx answers, throttling bursts, latency, dropped
 * connections, and per-input failures that turn an add into MIXED_STATUS. Counted faults are deterministic and are
 * consumed one per API request (dropped connections first, then 5xx, then throttling); rates draw from a seedable
 * random source and apply only when no counted fault did. Thread-safe; changeable while the API runs.
 */
public final class FaultInjector {
    static final int DEFAULT_FAILURE_HTTP_STATUS = 503;
    static final int DEFAULT_FAILURE_CODE = StatusCode.RPC_SERVER_UNAVAILABLE.number();

    /** What to do with one API request. */
    record RequestFault(Kind kind, int httpStatus, int code) {
        static final RequestFault NONE = new RequestFault(Kind.NONE, 0, 0);
        static final RequestFault DROP = new RequestFault(Kind.DROP, 0, 0);
        static final RequestFault THROTTLE = new RequestFault(Kind.THROTTLE, 429, StatusCode.CONN_THROTTLED.number());

        enum Kind {
            NONE,
            DROP,
            THROTTLE,
            FAIL
        }
    }

    private Random random = new Random();
    private int dropsLeft;
    private int failuresLeft;
    private int failureHttpStatus = DEFAULT_FAILURE_HTTP_STATUS;
    private int failureCode = DEFAULT_FAILURE_CODE;
    private int throttlesLeft;
    private Duration latency = Duration.ZERO;
    private int failedInputsPerAdd;
    private int failedInputCode = DEFAULT_FAILURE_CODE;
    private double inputFailureRate;
    private int inputFailureRateCode = DEFAULT_FAILURE_CODE;
    private double requestFailureRate;
    private int requestFailureRateHttpStatus = DEFAULT_FAILURE_HTTP_STATUS;
    private int requestFailureRateCode = DEFAULT_FAILURE_CODE;
    private double throttleRate;
    private double dropRate;
    private long droppedConnections;
    private long failedRequests;
    private long throttledRequests;
    private long failedInputs;

    /** The next {@code count} API requests answer {@code httpStatus} (a 5xx) with body status {@code code}. */
    public synchronized FaultInjector failNextRequests(int count, int httpStatus, int code) {
        this.failuresLeft = requireCount(count);
        this.failureHttpStatus = requireServerError(httpStatus);
        this.failureCode = code;
        return this;
    }

    /** The next {@code count} API requests answer 429 with 11005 CONN_THROTTLED. */
    public synchronized FaultInjector throttleNextRequests(int count) {
        this.throttlesLeft = requireCount(count);
        return this;
    }

    /** The next {@code count} API requests get their connection closed without any response. */
    public synchronized FaultInjector dropNextConnections(int count) {
        this.dropsLeft = requireCount(count);
        return this;
    }

    /** Every API request waits this long before it is handled. */
    public synchronized FaultInjector latency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        this.latency = latency;
        return this;
    }

    /** In every add request the first {@code count} inputs that pass validation fail with {@code code}. */
    public synchronized FaultInjector failFirstInputsOfEachAdd(int count, int code) {
        this.failedInputsPerAdd = requireCount(count);
        this.failedInputCode = code;
        return this;
    }

    /** Each input of an add that passes validation fails with {@code code} with probability {@code rate}. */
    public synchronized FaultInjector failInputsAtRate(double rate, int code) {
        this.inputFailureRate = requireRate(rate);
        this.inputFailureRateCode = code;
        return this;
    }

    /** Each API request answers {@code httpStatus}/{@code code} with probability {@code rate}. */
    public synchronized FaultInjector failRequestsAtRate(double rate, int httpStatus, int code) {
        this.requestFailureRate = requireRate(rate);
        this.requestFailureRateHttpStatus = requireServerError(httpStatus);
        this.requestFailureRateCode = code;
        return this;
    }

    /** Each API request answers 429/11005 with probability {@code rate}. */
    public synchronized FaultInjector throttleRequestsAtRate(double rate) {
        this.throttleRate = requireRate(rate);
        return this;
    }

    /** Each API request has its connection dropped with probability {@code rate}. */
    public synchronized FaultInjector dropConnectionsAtRate(double rate) {
        this.dropRate = requireRate(rate);
        return this;
    }

    /** Makes the rate-based faults reproducible. */
    public synchronized FaultInjector seed(long seed) {
        this.random = new Random(seed);
        return this;
    }

    /** Removes every fault. */
    public synchronized FaultInjector clear() {
        dropsLeft = 0;
        failuresLeft = 0;
        failureHttpStatus = DEFAULT_FAILURE_HTTP_STATUS;
        failureCode = DEFAULT_FAILURE_CODE;
        throttlesLeft = 0;
        latency = Duration.ZERO;
        failedInputsPerAdd = 0;
        failedInputCode = DEFAULT_FAILURE_CODE;
        inputFailureRate = 0;
        inputFailureRateCode = DEFAULT_FAILURE_CODE;
        requestFailureRate = 0;
        requestFailureRateHttpStatus = DEFAULT_FAILURE_HTTP_STATUS;
        requestFailureRateCode = DEFAULT_FAILURE_CODE;
        throttleRate = 0;
        dropRate = 0;
        return this;
    }

    synchronized Duration latency() {
        return latency;
    }

    synchronized RequestFault nextRequestFault() {
        RequestFault fault = drawRequestFault();
        switch (fault.kind()) {
            case DROP -> droppedConnections++;
            case FAIL -> failedRequests++;
            case THROTTLE -> throttledRequests++;
            case NONE -> {}
        }
        return fault;
    }

    private RequestFault drawRequestFault() {
        if (dropsLeft > 0) {
            dropsLeft--;
            return RequestFault.DROP;
        }
        if (failuresLeft > 0) {
            failuresLeft--;
            return new RequestFault(RequestFault.Kind.FAIL, failureHttpStatus, failureCode);
        }
        if (throttlesLeft > 0) {
            throttlesLeft--;
            return RequestFault.THROTTLE;
        }
        if (dropRate > 0 && random.nextDouble() < dropRate) {
            return RequestFault.DROP;
        }
        if (requestFailureRate > 0 && random.nextDouble() < requestFailureRate) {
            return new RequestFault(RequestFault.Kind.FAIL, requestFailureRateHttpStatus, requestFailureRateCode);
        }
        if (throttleRate > 0 && random.nextDouble() < throttleRate) {
            return RequestFault.THROTTLE;
        }
        return RequestFault.NONE;
    }

    /** The injected failure code for the valid input at {@code position} of an add request, if any. */
    synchronized OptionalInt inputFailure(int position) {
        if (position < failedInputsPerAdd) {
            failedInputs++;
            return OptionalInt.of(failedInputCode);
        }
        if (inputFailureRate > 0 && random.nextDouble() < inputFailureRate) {
            failedInputs++;
            return OptionalInt.of(inputFailureRateCode);
        }
        return OptionalInt.empty();
    }

    /** How many faults of each kind were injected since this injector was made (clear() keeps the counts). */
    public synchronized Injected injected() {
        return new Injected(droppedConnections, failedRequests, throttledRequests, failedInputs);
    }

    /** Counts of injected faults: dropped connections, 5xx answers, 429 answers, inputs failed within an add. */
    public record Injected(long droppedConnections, long failedRequests, long throttledRequests, long failedInputs) {}

    /**
     * Applies the admin endpoint's JSON ({@code POST /_local/faults}); fields left out stay as they are, and
     * {@code "clear": true} first removes every fault. Field names are those {@link #toJson()} writes.
     */
    synchronized void apply(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("fault settings must be a JSON object");
        }
        if (json.path("clear").asBoolean(false)) {
            clear();
        }
        if (json.has("seed")) {
            seed(json.get("seed").asLong());
        }
        JsonNode failNext = json.get("fail_next_requests");
        if (failNext != null) {
            failNextRequests(
                    failNext.path("count").asInt(),
                    failNext.path("http_status").asInt(DEFAULT_FAILURE_HTTP_STATUS),
                    failNext.path("code").asInt(DEFAULT_FAILURE_CODE));
        }
        if (json.has("throttle_next_requests")) {
            throttleNextRequests(json.get("throttle_next_requests").asInt());
        }
        if (json.has("drop_next_connections")) {
            dropNextConnections(json.get("drop_next_connections").asInt());
        }
        if (json.has("latency_ms")) {
            latency(Duration.ofMillis(json.get("latency_ms").asLong()));
        }
        JsonNode failFirst = json.get("fail_first_inputs");
        if (failFirst != null) {
            failFirstInputsOfEachAdd(
                    failFirst.path("count").asInt(), failFirst.path("code").asInt(DEFAULT_FAILURE_CODE));
        }
        JsonNode inputRate = json.get("fail_input_rate");
        if (inputRate != null) {
            failInputsAtRate(
                    inputRate.path("rate").asDouble(), inputRate.path("code").asInt(DEFAULT_FAILURE_CODE));
        }
        JsonNode requestRate = json.get("fail_request_rate");
        if (requestRate != null) {
            failRequestsAtRate(
                    requestRate.path("rate").asDouble(),
                    requestRate.path("http_status").asInt(DEFAULT_FAILURE_HTTP_STATUS),
                    requestRate.path("code").asInt(DEFAULT_FAILURE_CODE));
        }
        if (json.has("throttle_rate")) {
            throttleRequestsAtRate(json.get("throttle_rate").asDouble());
        }
        if (json.has("drop_rate")) {
            dropConnectionsAtRate(json.get("drop_rate").asDouble());
        }
    }

    /** The current settings, in the admin endpoint's JSON shape. */
    synchronized ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.putObject("fail_next_requests")
                .put("count", failuresLeft)
                .put("http_status", failureHttpStatus)
                .put("code", failureCode);
        json.put("throttle_next_requests", throttlesLeft);
        json.put("drop_next_connections", dropsLeft);
        json.put("latency_ms", latency.toMillis());
        json.putObject("fail_first_inputs").put("count", failedInputsPerAdd).put("code", failedInputCode);
        json.putObject("fail_input_rate").put("rate", inputFailureRate).put("code", inputFailureRateCode);
        json.putObject("fail_request_rate")
                .put("rate", requestFailureRate)
                .put("http_status", requestFailureRateHttpStatus)
                .put("code", requestFailureRateCode);
        json.put("throttle_rate", throttleRate);
        json.put("drop_rate", dropRate);
        return json;
    }

    private static int requireCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        return count;
    }

    private static double requireRate(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be between 0 and 1: " + rate);
        }
        return rate;
    }

    private static int requireServerError(int httpStatus) {
        if (httpStatus < 500 || httpStatus > 599) {
            throw new IllegalArgumentException("http_status must be a 5xx status: " + httpStatus);
        }
        return httpStatus;
    }
}

package io.github.clarifais3sync.offline.chaos;

import io.github.clarifais3sync.local.inputsapi.FaultInjector;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The faults of a chaos run, as {@code --faults} spells them: {@code none}, or comma-separated {@code name=value}
 * pairs overriding the defaults, e.g. {@code latency=30ms,throttle=0.15,5xx=0.1,drop=0.05,inputs=0.1,for=5m}.
 * Rates are per request (per input for {@code inputs}); {@code for} is how long the faults last from the start of
 * the drop (they also end once the pipeline is quiet). 5xx answers are 503 with 40031 (RPC_SERVER_UNAVAILABLE) and
 * failed inputs carry 40031 too, as Clarifai answers when a backend is unavailable
 * (https://docs.clarifai.com/resources/api-overview/status-codes).
 */
public record ChaosFaults(
        Duration latency,
        double throttleRate,
        double serverErrorRate,
        double dropRate,
        double inputFailureRate,
        Duration period) {

    static final int UNAVAILABLE = 40031;

    public static final ChaosFaults DEFAULT =
            new ChaosFaults(Duration.ofMillis(30), 0.15, 0.1, 0.05, 0.1, Duration.ofMinutes(5));
    public static final ChaosFaults NONE = new ChaosFaults(Duration.ZERO, 0, 0, 0, 0, Duration.ZERO);

    public ChaosFaults {
        for (double rate : new double[] {throttleRate, serverErrorRate, dropRate, inputFailureRate}) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("a fault rate is between 0 and 1, got " + rate);
            }
        }
        if (latency.isNegative() || period.isNegative()) {
            throw new IllegalArgumentException("latency and period must not be negative");
        }
    }

    /** {@code none}, or overrides of {@link #DEFAULT}; an unknown name or a bad value is an error. */
    public static ChaosFaults parse(String spec, Function<String, Duration> durations) {
        if (spec.strip().equals("none")) {
            return NONE;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : spec.split(",")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("--faults takes none or NAME=VALUE,..., got " + pair);
            }
            values.put(
                    pair.substring(0, equals).strip(),
                    pair.substring(equals + 1).strip());
        }
        ChaosFaults d = DEFAULT;
        ChaosFaults faults = new ChaosFaults(
                values.containsKey("latency") ? durations.apply(values.remove("latency")) : d.latency,
                rate(values.remove("throttle"), d.throttleRate),
                rate(values.remove("5xx"), d.serverErrorRate),
                rate(values.remove("drop"), d.dropRate),
                rate(values.remove("inputs"), d.inputFailureRate),
                values.containsKey("for") ? durations.apply(values.remove("for")) : d.period);
        if (!values.isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown fault " + values.keySet() + "; known: latency, throttle, 5xx, drop, inputs, for");
        }
        return faults;
    }

    private static double rate(String text, double fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a rate: " + text);
        }
    }

    /** Turns the faults on, drawing from the seed. */
    void apply(FaultInjector injector, long seed) {
        injector.seed(seed)
                .latency(latency)
                .throttleRequestsAtRate(throttleRate)
                .failRequestsAtRate(serverErrorRate, 503, UNAVAILABLE)
                .dropConnectionsAtRate(dropRate)
                .failInputsAtRate(inputFailureRate, UNAVAILABLE);
    }

    @Override
    public String toString() {
        if (equals(NONE)) {
            return "none";
        }
        return String.format(
                Locale.ROOT,
                "latency %d ms, 429 on %.0f %%, 503 on %.0f %%, dropped connections %.0f %%,"
                        + " failed inputs %.0f %%, for %d s",
                latency.toMillis(),
                throttleRate * 100,
                serverErrorRate * 100,
                dropRate * 100,
                inputFailureRate * 100,
                period.toSeconds());
    }
}

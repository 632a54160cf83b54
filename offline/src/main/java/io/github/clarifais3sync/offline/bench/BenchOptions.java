package io.github.clarifais3sync.offline.bench;

import io.github.clarifais3sync.offline.Durations;
import io.github.clarifais3sync.offline.PositiveNumber;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options several benchmarks share, as picocli mixins: one declaration, one default, one help line each. */
final class BenchOptions {

    private BenchOptions() {}

    static final class Objects {
        @Option(
                names = "--objects",
                paramLabel = "N",
                defaultValue = "10000",
                converter = PositiveNumber.class,
                description = "objects to put (default: ${DEFAULT-VALUE})")
        int value;
    }

    static final class Writers {
        @Option(
                names = "--writers",
                paramLabel = "W",
                defaultValue = "16",
                converter = PositiveNumber.class,
                description = "writers putting them at once (default: ${DEFAULT-VALUE})")
        int value;
    }

    static final class Runs {
        @Option(
                names = "--runs",
                paramLabel = "N",
                defaultValue = "5",
                converter = PositiveNumber.class,
                description = "fresh starts to take the median of (default: ${DEFAULT-VALUE})")
        int value;
    }

    static final class Timeout {
        @Option(
                names = "--timeout",
                paramLabel = "DURATION",
                defaultValue = "20m",
                converter = Durations.class,
                description = "the longest wait for the objects to be indexed (default: ${DEFAULT-VALUE})")
        Duration value;
    }
}

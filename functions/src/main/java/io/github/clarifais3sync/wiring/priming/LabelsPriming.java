package io.github.clarifais3sync.wiring.priming;

import io.github.clarifais3sync.config.Configuration;
import io.github.clarifais3sync.wiring.AwsClients;
import java.util.Map;

/**
 * The labels function's priming: an SQS batch, its partial batch response, the ledger query, a presigned URL, the
 * visibility call and Secrets Manager (never the key).
 */
public final class LabelsPriming {

    private LabelsPriming() {}

    /** Primes when Lambda initializes for a snapshot ({@link Priming}); otherwise does nothing. */
    public static void ifSnapStart(AwsClients aws, Map<String, String> environment) {
        Priming.ifSnapStart(environment, "labels", () -> {
            Configuration.Labels config = Configuration.Labels.from(environment);
            Priming.queueConsumer(aws, config.ledger().table(), config.queueUrl(), config.clarifai());
        });
    }
}

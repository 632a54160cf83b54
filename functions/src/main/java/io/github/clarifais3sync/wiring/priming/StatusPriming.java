package io.github.clarifais3sync.wiring.priming;

import io.github.clarifais3sync.config.Configuration;
import io.github.clarifais3sync.wiring.AwsClients;
import java.util.Map;

/**
 * The status function's priming: its answer, the message it queues again, a query of the ledger's pending index,
 * an SQS send of nothing and Secrets Manager (never the key), Clarifai's client without the key.
 */
public final class StatusPriming {

    private StatusPriming() {}

    /** Primes when Lambda initializes for a snapshot ({@link Priming}); otherwise does nothing. */
    public static void ifSnapStart(AwsClients aws, Map<String, String> environment) {
        Priming.ifSnapStart(environment, "status", () -> {
            Configuration.Status config = Configuration.Status.from(environment);
            SampleEvents.writeReport();
            SampleEvents.json(SampleEvents.objectVersion());
            Priming.queryPendingIndex(aws, config.ledger().table());
            Priming.sendNothing(aws, config.queueUrl());
            Priming.askForNoSecret(aws, config.clarifai().apiKeySecret());
            Priming.clarifaiWithoutTheKey(config.clarifai());
        });
    }
}

package io.github.clarifais3sync.wiring.priming;

import io.github.clarifais3sync.config.Configuration;
import io.github.clarifais3sync.wiring.AwsClients;
import java.util.Map;

/** The delete function's priming: its S3 events, its answer, the ledger query and Secrets Manager (never the key), Clarifai's client without the key. */
public final class DeletePriming {

    private DeletePriming() {}

    /** Primes when Lambda initializes for a snapshot ({@link Priming}); otherwise does nothing. */
    public static void ifSnapStart(AwsClients aws, Map<String, String> environment) {
        Priming.ifSnapStart(environment, "delete", () -> {
            Configuration.Delete config = Configuration.Delete.from(environment);
            SampleEvents.readS3Events();
            SampleEvents.writeReport();
            Priming.queryLedger(aws, config.ledger().table());
            Priming.askForNoSecret(aws, config.clarifai().apiKeySecret());
            Priming.clarifaiWithoutTheKey(config.clarifai());
        });
    }
}

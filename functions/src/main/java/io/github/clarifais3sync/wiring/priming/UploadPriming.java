package io.github.clarifais3sync.wiring.priming;

import io.github.clarifais3sync.config.Configuration;
import io.github.clarifais3sync.wiring.AwsClients;
import java.util.Map;

/**
 * The upload function's priming: an SQS batch with the enqueue function's message, its partial batch response, the
 * ledger query, a presigned URL, the redelivery's visibility call and Secrets Manager (never the key).
 */
public final class UploadPriming {

    private UploadPriming() {}

    /** Primes when Lambda initializes for a snapshot ({@link Priming}); otherwise does nothing. */
    public static void ifSnapStart(AwsClients aws, Map<String, String> environment) {
        Priming.ifSnapStart(environment, "upload", () -> {
            Configuration.Upload config = Configuration.Upload.from(environment);
            Priming.queueConsumer(aws, config.ledger().table(), config.queueUrl(), config.clarifai());
        });
    }
}

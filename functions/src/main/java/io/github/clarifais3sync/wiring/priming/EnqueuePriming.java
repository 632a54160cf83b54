package io.github.clarifais3sync.wiring.priming;

import io.github.clarifais3sync.config.Configuration;
import io.github.clarifais3sync.wiring.AwsClients;
import java.util.Map;

/** The enqueue function's priming: its S3 events, the message it writes, its ledger query and SQS batch send. */
public final class EnqueuePriming {

    private EnqueuePriming() {}

    /** Primes when Lambda initializes for a snapshot ({@link Priming}); otherwise does nothing. */
    public static void ifSnapStart(AwsClients aws, Map<String, String> environment) {
        Priming.ifSnapStart(environment, "enqueue", () -> {
            Configuration.Enqueue config = Configuration.Enqueue.from(environment);
            SampleEvents.readS3Events();
            SampleEvents.json(SampleEvents.objectVersion());
            SampleEvents.writeReport();
            Priming.queryLedger(aws, config.ledger().table());
            Priming.sendNothing(aws, config.queueUrl());
        });
    }
}

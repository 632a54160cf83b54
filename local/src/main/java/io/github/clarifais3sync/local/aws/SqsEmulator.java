package io.github.clarifais3sync.local.aws;

import java.net.URI;
import org.apache.pekko.http.scaladsl.Http;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * ElasticMQ's SQS REST server on a dynamic loopback port. It speaks both the SQS JSON protocol (SDK v2) and the query
 * protocol (older AWS CLIs). Queue URLs it returns are built from {@code publicAddress}, so they can name the gateway
 * rather than this server.
 */
public final class SqsEmulator implements AutoCloseable {
    private final SQSRestServer server;
    private final URI endpoint;

    private SqsEmulator(SQSRestServer server, int port) {
        this.server = server;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    public static SqsEmulator start(URI publicAddress, String region, String accountId) {
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1")
                .withDynamicPort()
                .withServerAddress(NodeAddress.apply(
                        publicAddress.getScheme(), publicAddress.getHost(), publicAddress.getPort(), ""))
                .withAWSRegion(region)
                .withAWSAccountId(accountId)
                .start();
        Http.ServerBinding binding = server.waitUntilStarted();
        return new SqsEmulator(server, binding.localAddress().getPort());
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}

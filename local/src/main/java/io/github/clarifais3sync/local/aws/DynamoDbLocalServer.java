package io.github.clarifais3sync.local.aws;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DynamoDB Local in server mode, in memory, on a free loopback port. Its SQLite engine needs sqlite4java's native
 * library also with {@code -inMemory}; 2.6.1 extracts it from its own jar into {@code java.io.tmpdir}
 * ({@code sqlite-392-*-libsqlite4java.so}), so no {@code sqlite4java.library.path} is needed. {@code -disableTelemetry}
 * stops it calling a Cognito endpoint that is unreachable offline. After {@link #close()} it leaves one idle
 * non-daemon thread ({@code ShardRolloverJobScheduler}), so a command-line main must end with {@code System.exit}.
 */
public final class DynamoDbLocalServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbLocalServer.class);
    private static final int BIND_ATTEMPTS = 3;

    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private DynamoDbLocalServer(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    public static DynamoDbLocalServer start() throws Exception {
        Exception last = null;
        for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
            int port = FreePorts.pick();
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
            try {
                server.start();
                LOG.debug("event=dynamodb_started port={}", port);
                return new DynamoDbLocalServer(server, port);
            } catch (Exception e) {
                // The port was free when picked; another process may have taken it since.
                last = e;
                LOG.warn("event=dynamodb_start_failed port={} attempt={} error=\"{}\"", port, attempt, e.toString());
                stopQuietly(server);
            }
        }
        throw last;
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private static void stopQuietly(DynamoDBProxyServer server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // It never started.
        }
    }
}

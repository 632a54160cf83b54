package io.github.clarifais3sync.local.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** An edge server in a process of its own, for tests that limit its file descriptors; prints its port. */
public final class EdgeServerMain {
    private EdgeServerMain() {}

    public static void main(String[] args) throws Exception {
        EdgeServer server = EdgeServer.bind(
                0,
                100_000,
                Duration.ofSeconds(30),
                exchange -> exchange.respond(200, new HttpFields(), "ok".getBytes(StandardCharsets.UTF_8)),
                "<Error><Code>SlowDown</Code></Error>");
        server.start();
        System.out.println("port=" + server.port());
        System.out.flush();
        // Until the parent closes our standard input.
        while (System.in.read() >= 0) {
            Thread.onSpinWait();
        }
        server.close();
    }
}

package io.github.clarifais3sync.local.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clarifais3sync.testing.Poll;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The edge server's HTTP/1.1 behaviour and its connection bound: 503 beyond it, served again once under it. */
class EdgeServerTest {
    private static final String REFUSAL = "<Error><Code>SlowDown</Code></Error>";

    private EdgeServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Echoes method, target and body length. */
    private void start(int maxConnections) throws IOException {
        server = EdgeServer.bind(
                0,
                maxConnections,
                Duration.ofSeconds(30),
                exchange -> {
                    byte[] body = exchange.body().readAllBytes();
                    exchange.respond(
                            200,
                            new HttpFields().add("Content-Type", "text/plain"),
                            (exchange.method() + " " + exchange.target() + " " + body.length)
                                    .getBytes(StandardCharsets.UTF_8));
                },
                REFUSAL);
        server.start();
    }

    @Test
    void refusesWith503BeyondItsConnectionBoundAndServesAgainAfterwards() throws Exception {
        start(3);
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket socket = connect();
            assertEquals(200, status(exchange(socket, "GET /held HTTP/1.1\r\nHost: x\r\n\r\n")));
            held.add(socket);
        }
        awaitActive(3);

        try (Socket extra = connect()) {
            String response = exchange(extra, "GET /extra HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(503, status(response), response);
            assertTrue(response.contains("Retry-After: 1"), response);
            assertTrue(response.contains("Connection: close"), response);
            assertTrue(response.endsWith(REFUSAL), response);
        }
        assertEquals(
                200,
                status(exchange(held.getFirst(), "GET /still-served HTTP/1.1\r\nHost: x\r\n\r\n")),
                "connections within the bound keep working");

        for (Socket socket : held) {
            socket.close();
        }
        awaitActive(0);
        try (Socket again = connect()) {
            assertEquals(200, status(exchange(again, "GET /again HTTP/1.1\r\nHost: x\r\n\r\n")));
        }
        assertTrue(server.refusedConnections() >= 1);
    }

    @Test
    void keepsTheConnectionAcrossRequestsWithLengthChunkedAndExpectContinueBodies() throws Exception {
        start(4);
        try (Socket socket = connect()) {
            assertTrue(exchange(socket, "PUT /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
                    .endsWith("PUT /a 5"));
            assertTrue(exchange(
                            socket,
                            "POST /b?x=1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                    + "3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n")
                    .endsWith("POST /b?x=1 7"));
            OutputStream out = socket.getOutputStream();
            out.write("PUT /c HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            assertEquals("HTTP/1.1 100 Continue", HttpWire.readHead(in).startLine());
            out.write("ok".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            HttpWire.Head head = HttpWire.readHead(in);
            assertEquals("HTTP/1.1 200 OK", head.startLine());
            assertEquals(
                    "PUT /c 2", new String(in.readNBytes((int) head.fields().contentLength()), StandardCharsets.UTF_8));
        }
    }

    @Test
    void headAnswersCarryTheLengthButNoBody() throws Exception {
        server = EdgeServer.bind(
                0,
                4,
                Duration.ofSeconds(30),
                exchange -> exchange.respond(200, new HttpFields(), 1234).close(),
                REFUSAL);
        server.start();
        try (Socket socket = connect()) {
            String first = exchange(socket, "HEAD /object HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(first.contains("Content-Length: 1234"), first);
            assertEquals(
                    200,
                    status(exchange(socket, "HEAD /object HTTP/1.1\r\nHost: x\r\n\r\n")),
                    "no body was sent, so the connection is still in step");
        }
    }

    /**
     * With the process's descriptors used up by idle connections, a new client is still answered (503, through the
     * descriptor held in reserve, or queued until one frees) and, once connections close, served again.
     */
    @Test
    void survivesRunningOutOfDescriptorsAndRecovers() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux and bash's ulimit");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        "bash",
                        "-c",
                        "ulimit -n 256 && exec \"$0\" -cp \"$1\" \"$2\"",
                        java,
                        System.getProperty("java.class.path"),
                        EdgeServerMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<Socket> idle = new ArrayList<>();
        try {
            String line = new java.io.BufferedReader(
                            new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertTrue(line != null && line.startsWith("port="), "child started: " + line);
            int port = Integer.parseInt(line.substring(5));
            int refused = 0;
            for (int i = 0; i < 400 && refused == 0; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.setSoTimeout(300);
                idle.add(socket);
                try {
                    String response = exchange(socket, "GET /fill HTTP/1.1\r\nHost: x\r\n\r\n");
                    if (status(response) == 503) {
                        refused++;
                    }
                } catch (IOException e) {
                    // Accepted by the kernel but not yet by the server: it has no descriptor to take it with.
                }
            }
            assertTrue(refused > 0, "a client was told 503 when the descriptors ran out");

            for (Socket socket : idle) {
                socket.close();
            }
            idle.clear();
            Poll.until("served again once descriptors were free", Duration.ofSeconds(10), () -> {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    socket.setSoTimeout(2000);
                    return status(exchange(socket, "GET /again HTTP/1.1\r\nHost: x\r\n\r\n")) == 200;
                } catch (IOException e) {
                    return false;
                }
            });
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
            child.getOutputStream().close();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Sends a request and reads one response (head and Content-Length body); the connection stays open. */
    private static String exchange(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = socket.getInputStream();
        HttpWire.Head head = HttpWire.readHead(in);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        text.writeBytes((head.startLine() + "\r\n" + head.fields().toString().replace("\n", "\r\n") + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        long length = request.startsWith("HEAD") ? 0 : Math.max(0, head.fields().contentLength());
        text.writeBytes(in.readNBytes((int) length));
        return text.toString(StandardCharsets.UTF_8);
    }

    private static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    /** Waits (bounded) until the server has seen the connections close. */
    private void awaitActive(int expected) {
        Poll.until(
                expected + " active connections",
                Duration.ofSeconds(5),
                server::activeConnections,
                active -> active == expected);
    }
}

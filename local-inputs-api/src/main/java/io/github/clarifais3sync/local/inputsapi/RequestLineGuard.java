package io.github.clarifais3sync.local.inputsapi;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The listening socket in front of the JDK's HTTP server, which answers a request whose target is not a valid URI (a
 * malformed percent-escape, a space) with an HTML page of its own before any handler runs: here such a request gets
 * the API's JSON status instead (400, 11100), and its connection is closed. Every other byte passes through unchanged;
 * each request's framing (RFC 9112 section 6: {@code Content-Length} or chunked) is read only to find where the next
 * request on the connection starts. Anything it cannot frame is passed through as it is, for the server to judge.
 */
final class RequestLineGuard implements AutoCloseable {
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final ThreadFactory RELAYS = Thread.ofPlatform().daemon().name("request-line-guard-", 0).factory();

    private final ServerSocket listener;
    private final InetSocketAddress server;
    /**
     * Platform threads, two for each open connection: clients keep few connections open, and a relay must not wait for
     * a carrier thread held by busy virtual threads of the same process (virtual threads are not preempted).
     */
    private final ExecutorService connections = Executors.newCachedThreadPool(RELAYS);
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    RequestLineGuard(int port, InetSocketAddress server) {
        this.server = server;
        try {
            listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
        }
        RELAYS.newThread(this::accept).start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                open.add(client);
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                // Closed, or one failed accept; the loop condition tells which.
            }
        }
    }

    private void serve(Socket client) {
        try (client; Socket upstream = new Socket(server.getAddress(), server.getPort())) {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            AtomicBoolean refusing = new AtomicBoolean();
            Thread responses = RELAYS.newThread(() -> answers(upstream, client, refusing));
            responses.start();
            String refusal = requests(client, upstream, refusing);
            if (!upstream.isClosed()) {
                upstream.shutdownOutput();
            }
            // The answers to the requests before the refused one come first.
            responses.join();
            if (refusal != null) {
                refuse(client, refusal);
            }
        } catch (IOException e) {
            // A connection ended early: nothing to answer on it.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(client);
        }
    }

    /** Server to client, unchanged; the client sees the end when the server ends, unless a refusal is to follow. */
    private static void answers(Socket upstream, Socket client, AtomicBoolean refusing) {
        try {
            upstream.getInputStream().transferTo(client.getOutputStream());
            if (!refusing.get()) {
                client.shutdownOutput();
            }
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /**
     * Client to server, one request at a time, until the client ends or a request is refused.
     *
     * @return why a request is refused, or {@code null}
     */
    private String requests(Socket client, Socket upstream, AtomicBoolean refusing) throws IOException {
        InputStream in = new BufferedInputStream(client.getInputStream());
        OutputStream out = new BufferedOutputStream(upstream.getOutputStream());
        try {
            while (true) {
                byte[] head = head(in);
                if (head == null) {
                    return null;
                }
                String refusal = refusal(head);
                if (refusal != null) {
                    refusing.set(true);
                    return refusal;
                }
                out.write(head);
                out.flush();
                if (!complete(head) || !body(head, in, out)) {
                    in.transferTo(out);
                    out.flush();
                    return null;
                }
                out.flush();
            }
        } catch (SocketException e) {
            // One side closed.
            return null;
        }
    }

    /** The request line and headers up to the empty line; {@code null} at the end of the connection. */
    private static byte[] head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int newlines = 0;
        while (head.size() < MAX_HEAD_BYTES) {
            int b = in.read();
            if (b < 0) {
                return head.size() == 0 ? null : head.toByteArray();
            }
            if (head.size() == 0 && (b == '\r' || b == '\n')) {
                // Empty lines before a request line are ignored (RFC 9112 section 2.2).
                head.write(b);
                continue;
            }
            head.write(b);
            newlines = b == '\n' ? newlines + 1 : b == '\r' ? newlines : 0;
            if (newlines == 2) {
                return head.toByteArray();
            }
        }
        return head.toByteArray();
    }

    private static boolean complete(byte[] head) {
        int n = head.length;
        return n >= 2 && head[n - 1] == '\n' && (head[n - 2] == '\n' || n >= 3 && head[n - 2] == '\r'
                && head[n - 3] == '\n');
    }

    /** What the JDK's server would refuse with HTML: a request line without a method, target and version, or a target
     * that is not a URI. */
    private static String refusal(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1).stripLeading();
        int end = text.indexOf('\n');
        String requestLine = (end < 0 ? text : text.substring(0, end)).strip();
        String[] parts = requestLine.split(" ");
        if (parts.length != 3) {
            return "Malformed request line";
        }
        try {
            new URI(parts[1]);
            return null;
        } catch (URISyntaxException e) {
            return "The request target is not a valid URI (" + e.getReason() + " at index " + e.getIndex()
                    + "): percent-encode it";
        }
    }

    private static void refuse(Socket client, String details) throws IOException {
        String requestId = UUID.randomUUID().toString().replace("-", "");
        byte[] body = ProtoJson.MAPPER.writeValueAsBytes(ProtoJson.MAPPER.createObjectNode().set("status",
                ProtoJson.status(StatusCode.CONN_BAD_REQUEST_FORMAT, details).put("req_id", requestId)));
        String head = "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nX-Clarifai-Request-Id: "
                + requestId + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        OutputStream out = client.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        client.shutdownOutput();
    }

    /**
     * Copies the request's body; false when its framing cannot be read here (the rest of the connection is then passed
     * through as it is).
     */
    private static boolean body(byte[] head, InputStream in, OutputStream out) throws IOException {
        long length = 0;
        boolean chunked = false;
        for (String line : new String(head, StandardCharsets.ISO_8859_1).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                try {
                    length = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (name.equals("transfer-encoding")) {
                if (!value.equalsIgnoreCase("chunked")) {
                    return false;
                }
                chunked = true;
            }
        }
        if (!chunked) {
            return copy(in, out, length);
        }
        while (true) {
            String sizeLine = line(in, out);
            if (sizeLine == null) {
                return false;
            }
            int extension = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            } catch (NumberFormatException e) {
                return false;
            }
            if (size == 0) {
                // Trailer fields, then the empty line.
                for (String trailer = line(in, out); trailer != null && !trailer.isEmpty(); trailer = line(in, out)) {
                    // Copied by line().
                }
                return true;
            }
            if (!copy(in, out, size) || line(in, out) == null) {
                return false;
            }
        }
    }

    /** Copies one line, its end included; returns it without the end, or {@code null} at the end of the stream. */
    private static String line(InputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (line.size() < MAX_HEAD_BYTES) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            out.write(b);
            if (b == '\n') {
                return line.toString(StandardCharsets.ISO_8859_1).strip();
            }
            line.write(b);
        }
        return null;
    }

    private static boolean copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        for (long left = length; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                return false;
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        return true;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }

    @Override
    public void close() {
        closeQuietly(listener);
        // Closing the sockets ends the relays blocked reading them.
        open.forEach(RequestLineGuard::closeQuietly);
        connections.shutdownNow();
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }
}

package io.github.clarifais3sync.local.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server for the offline stack's edge endpoint, built to stay up under load: persistent connections,
 * one virtual thread each, at most {@code maxConnections} open at once. A connection beyond that bound, or one accepted
 * while the process has run out of file descriptors, is answered {@code 503 Service Unavailable} with
 * {@code Retry-After} and closed, so clients back off and retry (SDKs retry 503) and the server serves again as soon as
 * connections close. The accept loop blocks and backs off after a failed accept; it never spins. A descriptor is held
 * in reserve and given up for an instant when accept fails for lack of descriptors, so that the waiting client can
 * still be told 503 rather than left hanging. Idle connections close after {@code idleTimeout}.
 */
public final class EdgeServer implements AutoCloseable {

    /** Handles one request; it must call one of the exchange's {@code respond} methods. */
    public interface Handler {
        void handle(Exchange exchange) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(EdgeServer.class);
    private static final long MAX_DRAIN_BYTES = 1 << 20;
    private static final Duration REFUSAL_READ_TIMEOUT = Duration.ofSeconds(2);
    /** With no descriptor to spare, refusals run on the accepting thread: each may wait this long for a request. */
    private static final Duration SHORTAGE_READ_TIMEOUT = Duration.ofMillis(100);

    private static final int REFUSALS_PER_SHORTAGE = 16;
    private static final long MAX_ACCEPT_BACKOFF_MILLIS = 500;

    private final ServerSocket listener;
    private final int maxConnections;
    private final Duration idleTimeout;
    private final Handler handler;
    private final String refusalBody;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private DatagramChannel reserve;
    private Thread acceptor;

    private EdgeServer(
            ServerSocket listener, int maxConnections, Duration idleTimeout, Handler handler, String refusalBody) {
        this.listener = listener;
        this.maxConnections = maxConnections;
        this.idleTimeout = idleTimeout;
        this.handler = handler;
        this.refusalBody = refusalBody;
    }

    /**
     * Binds {@code port} (0 for any free one) on the loopback address without serving yet.
     *
     * @param refusalBody the XML body of the 503 answer given beyond the connection bound
     */
    public static EdgeServer bind(
            int port, int maxConnections, Duration idleTimeout, Handler handler, String refusalBody)
            throws IOException {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        return new EdgeServer(listener, maxConnections, idleTimeout, handler, refusalBody);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections open now. */
    public int activeConnections() {
        return active.get();
    }

    /** Connections answered 503 because of the bound or a lack of descriptors, since the start. */
    public long refusedConnections() {
        return refused.get();
    }

    public synchronized void start() {
        if (acceptor != null) {
            return;
        }
        reserve = openReserve();
        acceptor = Thread.ofPlatform().daemon().name("edge-accept-" + port()).start(this::acceptLoop);
    }

    private void acceptLoop() {
        long backoff = 0;
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
                backoff = 0;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                backoff = backoff == 0 ? 10 : Math.min(MAX_ACCEPT_BACKOFF_MILLIS, backoff * 2);
                LOG.warn("event=edge_accept_failed error=\"{}\" backoff_ms={}", e.getMessage(), backoff);
                refuseWithReserve();
                sleep(backoff);
                continue;
            }
            if (active.incrementAndGet() > maxConnections) {
                active.decrementAndGet();
                refuse(socket, "connection bound of " + maxConnections + " reached");
                continue;
            }
            try {
                Thread.ofVirtual().name("edge-connection").start(() -> serve(socket));
            } catch (RuntimeException | OutOfMemoryError e) {
                active.decrementAndGet();
                closeQuietly(socket);
            }
        }
    }

    /**
     * Accept failed, most likely for lack of descriptors (EMFILE): give up the reserved one so that waiting clients
     * can be accepted, one at a time, and told 503 there and then (a refusal frees its descriptor before the next),
     * then take it back.
     */
    private void refuseWithReserve() {
        if (reserve == null) {
            reserve = openReserve();
            return;
        }
        closeQuietly(reserve);
        reserve = null;
        try {
            listener.setSoTimeout(1);
            for (int i = 0; i < REFUSALS_PER_SHORTAGE; i++) {
                Socket socket = listener.accept();
                refused.incrementAndGet();
                answer503(socket, SHORTAGE_READ_TIMEOUT);
            }
        } catch (IOException e) {
            // Nothing more was waiting, or still no descriptor: the backoff applies.
        } finally {
            try {
                listener.setSoTimeout(0);
            } catch (IOException ignored) {
                // The listener closed.
            }
            reserve = openReserve();
        }
    }

    private static DatagramChannel openReserve() {
        try {
            return DatagramChannel.open();
        } catch (IOException e) {
            return null;
        }
    }

    /** Answers 503 on a virtual thread. */
    private void refuse(Socket socket, String reason) {
        refused.incrementAndGet();
        LOG.debug("event=edge_connection_refused reason=\"{}\"", reason);
        try {
            Thread.ofVirtual().name("edge-refusal").start(() -> answer503(socket, REFUSAL_READ_TIMEOUT));
        } catch (RuntimeException | OutOfMemoryError e) {
            closeQuietly(socket);
        }
    }

    /** Reads the request head (so the client is not reset mid-send), answers 503 with Retry-After, closes. */
    private void answer503(Socket socket, Duration readTimeout) {
        try (socket) {
            socket.setSoTimeout((int) readTimeout.toMillis());
            InputStream in = new BufferedInputStream(socket.getInputStream());
            try {
                HttpWire.readHead(in);
            } catch (IOException e) {
                // Answer anyway.
            }
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            byte[] body = refusalBody.getBytes(StandardCharsets.UTF_8);
            HttpFields fields = new HttpFields()
                    .add("Content-Type", "application/xml")
                    .add("Retry-After", "1")
                    .add("Connection", "close")
                    .add("Content-Length", Integer.toString(body.length));
            HttpWire.writeHead(out, "HTTP/1.1 503 Service Unavailable", fields);
            out.write(body);
            out.flush();
            socket.shutdownOutput();
            HttpWire.drain(in, MAX_DRAIN_BYTES);
        } catch (IOException e) {
            // The client went away.
        }
    }

    private void serve(Socket socket) {
        open.add(socket);
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) idleTimeout.toMillis());
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            while (!closed) {
                HttpWire.Head head;
                try {
                    head = HttpWire.readHead(in);
                } catch (SocketTimeoutException e) {
                    return;
                }
                if (head == null) {
                    return;
                }
                if (!exchange(socket, head, in, out)) {
                    return;
                }
            }
        } catch (IOException e) {
            LOG.debug("event=edge_connection_ended error=\"{}\"", e.toString());
        } finally {
            open.remove(socket);
            active.decrementAndGet();
        }
    }

    /** Serves one request; false when the connection must close after it. */
    private boolean exchange(Socket socket, HttpWire.Head head, InputStream in, OutputStream out) throws IOException {
        String[] parts = head.startLine().split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            sendPlain(out, 400, "malformed request line");
            return false;
        }
        String method = parts[0];
        String version = parts[2];
        HttpFields fields = head.fields();
        boolean keepAlive = "HTTP/1.1".equals(version)
                ? !fields.hasToken("Connection", "close")
                : fields.hasToken("Connection", "keep-alive");
        InputStream body;
        try {
            body = HttpWire.requestBody(in, fields);
        } catch (HttpFormatException e) {
            sendPlain(out, 400, e.getMessage());
            return false;
        }
        if (fields.hasToken("Expect", "100-continue") && "HTTP/1.1".equals(version)) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        Exchange exchange = new Exchange(method, parts[1], fields, body, socket.getInetAddress(), out, keepAlive);
        try {
            handler.handle(exchange);
        } catch (Exception e) {
            LOG.warn("event=edge_handler_failed method={} target=\"{}\" error=\"{}\"", method, parts[1], e.toString());
            if (!exchange.responded) {
                exchange.respond(
                        500,
                        new HttpFields().add("Content-Type", "text/plain"),
                        ("internal error: " + e).getBytes(StandardCharsets.UTF_8));
            } else {
                exchange.keepAlive = false;
            }
        }
        if (!exchange.responded) {
            exchange.respond(500, new HttpFields(), new byte[0]);
        }
        boolean complete = exchange.finish();
        out.flush();
        return complete && exchange.keepAlive && HttpWire.drain(body, MAX_DRAIN_BYTES);
    }

    private static void sendPlain(OutputStream out, int status, String message) throws IOException {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        HttpWire.writeHead(
                out,
                "HTTP/1.1 " + status + " " + HttpWire.reason(status),
                new HttpFields()
                        .add("Content-Type", "text/plain")
                        .add("Content-Length", Integer.toString(body.length))
                        .add("Connection", "close"));
        out.write(body);
        out.flush();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        if (acceptor != null) {
            try {
                acceptor.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly(reserve);
        open.forEach(EdgeServer::closeQuietly);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Closing anyway.
        }
    }

    /** One request and its response. */
    public static final class Exchange {
        private final String method;
        private final String target;
        private final HttpFields requestFields;
        private final InputStream body;
        private final InetAddress remoteAddress;
        private final OutputStream connection;
        private boolean keepAlive;
        private boolean responded;
        private OutputStream responseBody;
        private long declaredLength;
        private CountingOutputStream counted;

        private Exchange(
                String method,
                String target,
                HttpFields requestFields,
                InputStream body,
                InetAddress remoteAddress,
                OutputStream connection,
                boolean keepAlive) {
            this.method = method;
            this.target = target;
            this.requestFields = requestFields;
            this.body = body;
            this.remoteAddress = remoteAddress;
            this.connection = connection;
            this.keepAlive = keepAlive;
        }

        public String method() {
            return method;
        }

        /** The request target as sent, e.g. {@code /bucket/a%20key?versionId=1}. */
        public String target() {
            return target;
        }

        public String rawPath() {
            int query = target.indexOf('?');
            return query < 0 ? target : target.substring(0, query);
        }

        /** The raw query without '?', or null. */
        public String rawQuery() {
            int query = target.indexOf('?');
            return query < 0 ? null : target.substring(query + 1);
        }

        public HttpFields requestFields() {
            return requestFields;
        }

        /** The request body, its framing removed. */
        public InputStream body() {
            return body;
        }

        public InetAddress remoteAddress() {
            return remoteAddress;
        }

        public boolean responded() {
            return responded;
        }

        /**
         * Starts the response. {@code length} is the body's length, or -1 if unknown (sent chunked). For a HEAD
         * request, or a status without a body, nothing may be written; for HEAD, a {@code length} of 0 or more is
         * still sent as Content-Length, as the length a GET would have. Framing fields in {@code fields} are replaced.
         */
        public OutputStream respond(int status, HttpFields fields, long length) throws IOException {
            if (responded) {
                throw new IllegalStateException("already responded");
            }
            responded = true;
            fields.remove("Content-Length")
                    .remove("Transfer-Encoding")
                    .remove("Connection")
                    .remove("Keep-Alive");
            boolean hasBody = HttpWire.responseHasBody(method, status);
            if (hasBody && length >= 0) {
                fields.add("Content-Length", Long.toString(length));
            } else if (hasBody) {
                fields.add("Transfer-Encoding", "chunked");
            } else if ("HEAD".equals(method) && length >= 0 && status >= 200 && status != 204 && status != 304) {
                fields.add("Content-Length", Long.toString(length));
            }
            if (!keepAlive) {
                fields.add("Connection", "close");
            }
            HttpWire.writeHead(connection, "HTTP/1.1 " + status + " " + HttpWire.reason(status), fields);
            if (!hasBody) {
                declaredLength = 0;
                counted = new CountingOutputStream(OutputStream.nullOutputStream());
                responseBody = counted;
            } else if (length >= 0) {
                declaredLength = length;
                counted = new CountingOutputStream(connection);
                responseBody = counted;
            } else {
                declaredLength = -1;
                responseBody = new ChunkedOutputStream(connection);
            }
            return new UncloseableOutputStream(responseBody);
        }

        /** The whole response at once. */
        public void respond(int status, HttpFields fields, byte[] body) throws IOException {
            OutputStream out = respond(status, fields, body.length);
            if (HttpWire.responseHasBody(method, status)) {
                out.write(body);
            }
        }

        /** Ends the body; false if it was shorter than declared (the connection must then close). */
        private boolean finish() throws IOException {
            if (responseBody instanceof ChunkedOutputStream chunked) {
                chunked.close();
                return true;
            }
            return counted == null || declaredLength <= 0 || counted.count == declaredLength;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %s", method, target);
        }
    }

    private static final class CountingOutputStream extends OutputStream {
        private final OutputStream out;
        private long count;

        CountingOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            out.write(buffer, offset, length);
            count += length;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    /** The connection outlives one response body: closing the body's stream only flushes it. */
    private static final class UncloseableOutputStream extends OutputStream {
        private final OutputStream out;

        UncloseableOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            out.write(buffer, offset, length);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}

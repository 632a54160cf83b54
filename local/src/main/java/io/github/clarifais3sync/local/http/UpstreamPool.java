package io.github.clarifais3sync.local.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 to one backend over at most {@code maxConnections} persistent connections. A request waits up to
 * {@code acquireTimeout} for a free connection and then fails with {@link BusyException}, so a burst queues here
 * instead of opening a connection (and a descriptor) per request. A connection goes back to the pool when its response
 * body has been read to the end; one whose body was abandoned is closed. Header fields are sent as given (Host
 * included): the caller removes hop-by-hop fields; this class sets the framing.
 */
public final class UpstreamPool implements AutoCloseable {

    /** No connection became free within the acquire timeout. */
    public static final class BusyException extends IOException {
        BusyException(String message) {
            super(message);
        }
    }

    /** A response; closing it before its body ended gives up the connection. */
    public record Response(int status, HttpFields fields, InputStream body) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");
    private static final int CONNECT_TIMEOUT_MILLIS = 5000;
    private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final InetSocketAddress backend;
    private final URI uri;
    private final Semaphore permits;
    private final int maxConnections;
    private final Duration acquireTimeout;
    private final Duration readTimeout;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    public UpstreamPool(URI backend, int maxConnections, Duration acquireTimeout, Duration readTimeout) {
        this.uri = backend;
        this.backend = new InetSocketAddress(backend.getHost(), backend.getPort());
        this.maxConnections = maxConnections;
        this.permits = new Semaphore(maxConnections, true);
        this.acquireTimeout = acquireTimeout;
        this.readTimeout = readTimeout;
    }

    public URI uri() {
        return uri;
    }

    /** Connections held by requests now. */
    public int busyConnections() {
        return maxConnections - permits.availablePermits();
    }

    /** Sends a request whose body is in memory; on a connection that turned out stale it is sent once more. */
    public Response send(String method, String target, HttpFields fields, byte[] body)
            throws IOException, InterruptedException {
        return exchange(method, target, fields, null, body, body == null ? 0 : body.length);
    }

    /** Sends a request whose body streams from {@code body}; {@code length} -1 sends it chunked. */
    public Response send(String method, String target, HttpFields fields, InputStream body, long length)
            throws IOException, InterruptedException {
        return exchange(method, target, fields, body, null, length);
    }

    private Response exchange(
            String method, String target, HttpFields fields, InputStream stream, byte[] bytes, long length)
            throws IOException, InterruptedException {
        if (!permits.tryAcquire(acquireTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new BusyException("all " + maxConnections + " connections to " + uri + " busy for "
                    + acquireTimeout.toMillis() + " ms");
        }
        boolean released = false;
        try {
            for (int attempt = 1; ; attempt++) {
                Connection connection = idleConnection();
                boolean reused = connection != null;
                if (connection == null) {
                    connection = Connection.open(backend, readTimeout);
                }
                try {
                    writeRequest(
                            connection,
                            method,
                            target,
                            fields,
                            bytes != null ? new ByteArrayInputStream(bytes) : stream,
                            length);
                    HttpWire.Head head = readResponseHead(connection);
                    Response response = response(connection, method, head);
                    released = true;
                    return response;
                } catch (IOException e) {
                    connection.close();
                    // A pooled connection the backend had already closed: send again if the body can be replayed.
                    if (!(reused && bytes != null && attempt == 1 && !(e instanceof HttpFormatException))) {
                        throw e;
                    }
                }
            }
        } finally {
            if (!released) {
                permits.release();
            }
        }
    }

    private Connection idleConnection() {
        for (Connection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            if (System.nanoTime() - connection.idleSince < MAX_IDLE_NANOS && !connection.socket.isClosed()) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    private static void writeRequest(
            Connection connection, String method, String target, HttpFields fields, InputStream body, long length)
            throws IOException {
        HttpFields sent = new HttpFields();
        fields.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Transfer-Encoding")) {
                sent.add(name, value);
            }
        });
        if (length > 0 || (length == 0 && BODY_METHODS.contains(method))) {
            sent.add("Content-Length", Long.toString(length));
        } else if (length < 0) {
            sent.add("Transfer-Encoding", "chunked");
        }
        OutputStream out = connection.out;
        HttpWire.writeHead(out, method + " " + target + " HTTP/1.1", sent);
        if (length < 0) {
            try (ChunkedOutputStream chunked = new ChunkedOutputStream(out)) {
                body.transferTo(chunked);
            }
        } else if (length > 0) {
            long copied = body.transferTo(new BoundedOutputStream(out, length));
            if (copied != length) {
                throw new HttpFormatException("request body was " + copied + " bytes, " + length + " declared");
            }
        }
        out.flush();
    }

    private static HttpWire.Head readResponseHead(Connection connection) throws IOException {
        while (true) {
            HttpWire.Head head = HttpWire.readHead(connection.in);
            if (head == null) {
                throw new IOException("connection closed before a response");
            }
            if (status(head) >= 200) {
                return head;
            }
            // 1xx interim responses (100 Continue) precede the final one.
        }
    }

    private Response response(Connection connection, String method, HttpWire.Head head) throws IOException {
        int status = status(head);
        HttpFields fields = head.fields();
        boolean reusable = HttpWire.delimited(method, status, fields) && !fields.hasToken("Connection", "close");
        InputStream framed = HttpWire.responseBody(connection.in, method, status, fields);
        boolean empty = !HttpWire.responseHasBody(method, status) || fields.contentLength() == 0;
        return new Response(status, fields, new PooledBody(framed, connection, reusable, empty));
    }

    private static int status(HttpWire.Head head) throws HttpFormatException {
        String[] parts = head.startLine().split(" ", 3);
        try {
            return Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new HttpFormatException("bad status line: " + head.startLine());
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Connection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            connection.close();
        }
    }

    /** A response body that gives its connection back when read to the end, and closes it otherwise. */
    private final class PooledBody extends ByteArrayReads {
        private final InputStream in;
        private final Connection connection;
        private final boolean reusable;
        private boolean ended;
        private boolean done;

        PooledBody(InputStream in, Connection connection, boolean reusable, boolean empty) {
            this.in = in;
            this.connection = connection;
            this.reusable = reusable;
            this.ended = empty;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (ended || done) {
                return -1;
            }
            try {
                int n = in.read(buffer, offset, length);
                if (n < 0) {
                    ended = true;
                }
                return n;
            } catch (IOException e) {
                finish(false);
                throw e;
            }
        }

        @Override
        public void close() {
            if (!ended) {
                // Finish a short remainder rather than lose the connection for it.
                try {
                    ended = HttpWire.drain(this, 64 * 1024);
                } catch (IOException e) {
                    ended = false;
                }
            }
            finish(ended);
        }

        private void finish(boolean complete) {
            if (done) {
                return;
            }
            done = true;
            if (complete && reusable && !closed) {
                connection.idleSince = System.nanoTime();
                idle.addFirst(connection);
            } else {
                connection.close();
            }
            permits.release();
        }
    }

    private static final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        long idleSince;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        }

        static Connection open(InetSocketAddress backend, Duration readTimeout) throws IOException {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.setSoTimeout((int) readTimeout.toMillis());
                socket.connect(backend, CONNECT_TIMEOUT_MILLIS);
                return new Connection(socket);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Already gone.
            }
        }
    }

    /** Refuses to write past the declared length. */
    private static final class BoundedOutputStream extends OutputStream {
        private final OutputStream out;
        private long left;

        BoundedOutputStream(OutputStream out, long length) {
            this.out = out;
            this.left = length;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            if (length > left) {
                throw new HttpFormatException("request body longer than declared");
            }
            out.write(buffer, offset, length);
            left -= length;
        }
    }
}

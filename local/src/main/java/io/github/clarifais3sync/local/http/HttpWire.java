package io.github.clarifais3sync.local.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** HTTP/1.1 message framing (RFC 9112) shared by the edge server and the upstream client. */
public final class HttpWire {
    /** Largest start line plus header fields accepted. */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(100, "Continue"),
            Map.entry(200, "OK"),
            Map.entry(201, "Created"),
            Map.entry(202, "Accepted"),
            Map.entry(204, "No Content"),
            Map.entry(206, "Partial Content"),
            Map.entry(301, "Moved Permanently"),
            Map.entry(302, "Found"),
            Map.entry(304, "Not Modified"),
            Map.entry(307, "Temporary Redirect"),
            Map.entry(400, "Bad Request"),
            Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"),
            Map.entry(409, "Conflict"),
            Map.entry(411, "Length Required"),
            Map.entry(412, "Precondition Failed"),
            Map.entry(413, "Content Too Large"),
            Map.entry(416, "Range Not Satisfiable"),
            Map.entry(431, "Request Header Fields Too Large"),
            Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"),
            Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"));

    private HttpWire() {}

    /** A start line and its header fields. */
    public record Head(String startLine, HttpFields fields) {}

    /** Reads a start line and header fields; null when the stream ends cleanly before the first byte. */
    public static Head readHead(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        String startLine = null;
        HttpFields fields = new HttpFields();
        int total = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (startLine == null && line.size() == 0 && total == 0) {
                    return null;
                }
                throw new HttpFormatException("connection closed inside a message head");
            }
            if (++total > MAX_HEAD_BYTES) {
                throw new HttpFormatException("message head larger than " + MAX_HEAD_BYTES + " bytes");
            }
            if (b != '\n') {
                line.write(b);
                continue;
            }
            byte[] bytes = line.toByteArray();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            String text = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            line.reset();
            if (startLine == null) {
                if (!text.isEmpty()) {
                    // RFC 9112 §2.2: empty lines before a request line are ignored.
                    startLine = text;
                }
                continue;
            }
            if (text.isEmpty()) {
                return new Head(startLine, fields);
            }
            int colon = text.indexOf(':');
            if (colon <= 0 || Character.isWhitespace(text.charAt(0))) {
                throw new HttpFormatException("bad header field: " + text);
            }
            fields.add(
                    text.substring(0, colon).trim(), text.substring(colon + 1).trim());
        }
    }

    public static void writeHead(OutputStream out, String startLine, HttpFields fields) throws IOException {
        StringBuilder head = new StringBuilder(startLine).append("\r\n");
        fields.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A request's body: chunked, Content-Length, or none (RFC 9112 §6.3). */
    public static InputStream requestBody(InputStream in, HttpFields fields) throws IOException {
        if (fields.has("Transfer-Encoding")) {
            if (!fields.isChunked()) {
                throw new HttpFormatException("unsupported Transfer-Encoding " + fields.all("Transfer-Encoding"));
            }
            return new ChunkedInputStream(in);
        }
        long length = fields.contentLength();
        return new FixedLengthInputStream(in, Math.max(0, length));
    }

    /** Whether a response of this status to this method has a body at all. */
    public static boolean responseHasBody(String method, int status) {
        return !"HEAD".equals(method) && status >= 200 && status != 204 && status != 304;
    }

    /**
     * A response's body: none, chunked, Content-Length, or else everything until the connection closes (which then
     * cannot be reused); see {@link #delimited(String, int, HttpFields)}.
     */
    public static InputStream responseBody(InputStream in, String method, int status, HttpFields fields)
            throws IOException {
        if (!responseHasBody(method, status)) {
            return InputStream.nullInputStream();
        }
        if (fields.isChunked()) {
            return new ChunkedInputStream(in);
        }
        long length = fields.contentLength();
        return length >= 0 ? new FixedLengthInputStream(in, length) : in;
    }

    /** False when the response's body runs until the connection closes. */
    public static boolean delimited(String method, int status, HttpFields fields) throws IOException {
        return !responseHasBody(method, status) || fields.isChunked() || fields.contentLength() >= 0;
    }

    /** Reads and drops up to {@code limit} bytes; true if the body ended within them. */
    public static boolean drain(InputStream body, long limit) throws IOException {
        byte[] buffer = new byte[8192];
        long left = limit;
        while (left > 0) {
            int n = body.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                return true;
            }
            left -= n;
        }
        return body.read() < 0;
    }

    public static String reason(int status) {
        return REASONS.getOrDefault(status, status < 400 ? "OK" : "Error");
    }
}

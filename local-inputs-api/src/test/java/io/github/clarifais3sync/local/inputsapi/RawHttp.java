package io.github.clarifais3sync.local.inputsapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for requests a polite client would not send: a body far larger than any valid one,
 * declared up front or streamed in chunks. The body is written from another thread while the answer is read, so an
 * answer that comes before the body was sent is seen; the writer stops when the server stops reading.
 */
final class RawHttp {
    static final int MEGABYTE = 1024 * 1024;

    record Answer(int httpStatus, JsonNode body) {
        int code() {
            return body.path("status").path("code").asInt();
        }
    }

    /** Writes the body, e.g. a JSON prefix and then filler; called on the writer thread. */
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private RawHttp() {}

    /** A body of {@code length} bytes declared with Content-Length. */
    static Answer sendDeclared(String baseUrl, String key, String method, String path, long length, Body body) {
        return send(
                baseUrl,
                method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Key " + key
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n",
                body);
    }

    /** A body sent with chunked transfer encoding, its length declared nowhere. */
    static Answer sendChunked(String baseUrl, String key, String method, String path, Body body) {
        return send(
                baseUrl,
                method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Key " + key
                        + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                out -> {
                    OutputStream chunked = new OutputStream() {
                        @Override
                        public void write(int b) throws IOException {
                            write(new byte[] {(byte) b}, 0, 1);
                        }

                        @Override
                        public void write(byte[] bytes, int offset, int length) throws IOException {
                            out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.write(bytes, offset, length);
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                    };
                    body.writeTo(chunked);
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                });
    }

    /** Writes {@code total} bytes of {@code filler} in 64 KB pieces after {@code prefix}. */
    static Body filled(String prefix, byte filler, long total) {
        return out -> {
            out.write(prefix.getBytes(StandardCharsets.UTF_8));
            byte[] piece = new byte[64 * 1024];
            java.util.Arrays.fill(piece, filler);
            for (long sent = prefix.length(); sent < total; sent += piece.length) {
                out.write(piece, 0, (int) Math.min(piece.length, total - sent));
            }
        };
    }

    /** Sends each request as it is, on one connection, and reads its answer before sending the next. */
    static List<Answer> exchange(String baseUrl, String... requests) {
        URI uri = URI.create(baseUrl);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(60_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            List<Answer> answers = new ArrayList<>();
            for (String request : requests) {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                answers.add(read(in));
            }
            return answers;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer send(String baseUrl, String head, Body body) {
        URI uri = URI.create(baseUrl);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    body.writeTo(out);
                    out.flush();
                } catch (IOException e) {
                    // The server answered and stopped reading: what a refusal without buffering looks like.
                }
            });
            Answer answer = read(socket.getInputStream());
            writer.interrupt();
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        long length = -1;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(
                        header.substring("content-length:".length()).trim());
            }
        }
        byte[] body = length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
        return new Answer(status, ApiTestClient.JSON.readTree(body));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed before the answer's head ended");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}

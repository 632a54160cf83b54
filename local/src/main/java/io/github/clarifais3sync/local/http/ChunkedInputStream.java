package io.github.clarifais3sync.local.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a chunked body: {@code <hex size>[;extensions]\r\n<data>\r\n} chunks, a zero-size chunk, then trailer lines
 * and an empty line. Two formats share it: HTTP/1.1's chunked transfer coding (RFC 9112 §7.1) and S3's
 * {@code aws-chunked} content encoding, whose extensions carry chunk signatures and whose trailers carry checksums
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html). Trailers are read and dropped. Closing
 * this stream leaves the underlying one open.
 */
public final class ChunkedInputStream extends ByteArrayReads {
    private static final int MAX_LINE = 8192;

    private final InputStream in;
    private long remainingInChunk;
    private boolean finished;

    public ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (finished || (remainingInChunk == 0 && !nextChunk())) {
            return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remainingInChunk));
        if (n < 0) {
            throw new HttpFormatException("chunked body ended inside a chunk");
        }
        remainingInChunk -= n;
        if (remainingInChunk == 0) {
            expectEmptyLine();
        }
        return n;
    }

    /** Reads the next chunk header; false after the final chunk and its trailers. */
    private boolean nextChunk() throws IOException {
        String header = readLine(in);
        if (header == null) {
            throw new HttpFormatException("chunked body ended before its final chunk");
        }
        int extension = header.indexOf(';');
        String size = (extension < 0 ? header : header.substring(0, extension)).trim();
        try {
            remainingInChunk = Long.parseLong(size, 16);
        } catch (NumberFormatException e) {
            throw new HttpFormatException("bad chunk header: " + header);
        }
        if (remainingInChunk < 0) {
            throw new HttpFormatException("bad chunk header: " + header);
        }
        if (remainingInChunk == 0) {
            String trailer;
            do {
                trailer = readLine(in);
            } while (trailer != null && !trailer.isEmpty());
            finished = true;
            return false;
        }
        return true;
    }

    private void expectEmptyLine() throws IOException {
        String line = readLine(in);
        if (line == null || !line.isEmpty()) {
            throw new HttpFormatException("chunk not followed by CRLF");
        }
    }

    /** One line without its CRLF (or bare LF); null at end of stream. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new HttpFormatException("line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}

package io.github.clarifais3sync.local.aws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Strips the {@code aws-chunked} framing from an S3 request body: {@code <hex size>[;chunk-signature=..]\r\n<data>\r\n}
 * chunks, a zero-size chunk, then trailer lines such as {@code x-amz-checksum-crc32:..} and an empty line
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html). SDKs send this by default since
 * the 2025 checksum change (STREAMING-UNSIGNED-PAYLOAD-TRAILER), which S3Proxy 2.6.0 stores verbatim or rejects. The
 * trailing checksum is dropped unchecked.
 */
final class AwsChunkedDecoder extends InputStream {
    private static final int MAX_LINE = 8192;

    private final InputStream in;
    private long remainingInChunk;
    private boolean finished;

    AwsChunkedDecoder(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
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
            throw new IOException("aws-chunked body ended inside a chunk");
        }
        remainingInChunk -= n;
        if (remainingInChunk == 0) {
            expectEmptyLine();
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Reads the next chunk header; false after the final chunk and its trailers. */
    private boolean nextChunk() throws IOException {
        String header = readLine();
        if (header == null) {
            throw new IOException("aws-chunked body ended before its final chunk");
        }
        int extension = header.indexOf(';');
        String size = (extension < 0 ? header : header.substring(0, extension)).trim();
        try {
            remainingInChunk = Long.parseLong(size, 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad aws-chunked chunk header: " + header);
        }
        if (remainingInChunk == 0) {
            String trailer;
            do {
                trailer = readLine();
            } while (trailer != null && !trailer.isEmpty());
            finished = true;
            return false;
        }
        return true;
    }

    private void expectEmptyLine() throws IOException {
        String line = readLine();
        if (line == null || !line.isEmpty()) {
            throw new IOException("aws-chunked chunk not followed by CRLF");
        }
    }

    /** One line without its CRLF; null at end of stream. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.US_ASCII);
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("aws-chunked line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }
}

package io.github.clarifais3sync.local.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 chunked transfer coding and S3's aws-chunked content encoding share one decoder. */
class ChunkedInputStreamTest {
    @Test
    void unsignedChunksWithChecksumTrailer() throws IOException {
        String body = "5\r\nhello\r\n7\r\n, world\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n";
        assertEquals("hello, world", decode(body));
    }

    @Test
    void signedChunksWithTrailerSignature() throws IOException {
        String body = "3;chunk-signature=abc\r\nfoo\r\n0;chunk-signature=def\r\n"
                + "x-amz-checksum-crc32:AAAAAA==\r\nx-amz-trailer-signature:123\r\n\r\n";
        assertEquals("foo", decode(body));
    }

    @Test
    void httpChunkExtensionsAndTrailersAreDropped() throws IOException {
        String body = "4;name=value\r\nWiki\r\n5\r\npedia\r\n0\r\nExpires: never\r\n\r\n";
        assertEquals("Wikipedia", decode(body));
    }

    @Test
    void closingLeavesTheConnectionOpenForTheNextMessage() throws IOException {
        ByteArrayInputStream connection =
                new ByteArrayInputStream("3\r\nabc\r\n0\r\n\r\nNEXT".getBytes(StandardCharsets.UTF_8));
        try (InputStream body = new ChunkedInputStream(connection)) {
            assertEquals("abc", new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals("NEXT", new String(connection.readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void emptyPayload() throws IOException {
        assertEquals("", decode("0\r\n\r\n"));
    }

    @Test
    void truncatedBodyFails() {
        assertThrows(IOException.class, () -> decode("a\r\nshort"));
    }

    private static String decode(String body) throws IOException {
        try (InputStream in = new ChunkedInputStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

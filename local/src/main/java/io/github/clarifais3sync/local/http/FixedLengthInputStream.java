package io.github.clarifais3sync.local.http;

import java.io.IOException;
import java.io.InputStream;

/** Exactly {@code length} bytes of the underlying stream (a Content-Length body); close leaves that stream open. */
final class FixedLengthInputStream extends ByteArrayReads {
    private final InputStream in;
    private long remaining;

    FixedLengthInputStream(InputStream in, long length) {
        this.in = in;
        this.remaining = length;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            throw new HttpFormatException("body ended " + remaining + " bytes short of its Content-Length");
        }
        remaining -= n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
    }
}

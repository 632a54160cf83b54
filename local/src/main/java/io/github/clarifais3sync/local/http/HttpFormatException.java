package io.github.clarifais3sync.local.http;

import java.io.IOException;

/** A message that is not valid HTTP/1.1 framing; the connection cannot be used further. */
public final class HttpFormatException extends IOException {
    public HttpFormatException(String message) {
        super(message);
    }
}

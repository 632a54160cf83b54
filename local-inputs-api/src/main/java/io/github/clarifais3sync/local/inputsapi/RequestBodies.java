package io.github.clarifais3sync.local.inputsapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads JSON request bodies within bounds, so that no request can make this API hold more than the largest valid one:
 * an add is at most 128 MB (Clarifai's limit on a whole request, https://docs.clarifai.com/create-manage/inputs/upload),
 * which also bounds 128 inputs of base64 (20 MB of image is about 26.7 MB of base64, so 128 such inputs could never
 * travel in one request); other requests carry ids, concepts and metadata only. A larger body is refused with HTTP 413
 * and 40033 RPC_MAX_MESSAGE_SIZE_EXCEEDED, as soon as its declared length says so, or else as soon as that much was
 * read, never buffered whole. A string may be as long as a base64 image of the largest accepted size (Jackson's
 * default of 20 million characters refused images of about 15 MB), and a body holds at most
 * {@value #MAX_TOKENS} JSON tokens, so a small body cannot become a huge tree.
 */
final class RequestBodies {
    /** 128 MiB: at least Clarifai's 128 MB, in either unit. */
    static final long MAX_ADD_BYTES = 128L * 1024 * 1024;
    /** Far above 128 inputs' ids, concepts and metadata. */
    static final long MAX_OTHER_BYTES = 16L * 1024 * 1024;
    /** Thousands of tokens of concepts and metadata for each of 128 inputs. */
    static final long MAX_TOKENS = 1_000_000;

    private final JsonMapper mapper;

    /** @param maxImageBytes the largest image accepted, which sets the longest string (its base64, line breaks too) */
    RequestBodies(long maxImageBytes) {
        long base64 = (maxImageBytes + 2) / 3 * 4;
        // MIME base64 breaks lines every 76 characters with CRLF (RFC 2045 section 6.8); allow for that and a margin.
        long longestString = base64 + base64 / 76 * 2 + 1024;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength((int) Math.min(Integer.MAX_VALUE, longestString))
                        .maxTokenCount(MAX_TOKENS)
                        .build())
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** The body as a JSON object; an empty body is an empty object. */
    JsonNode read(HttpExchange exchange, long maxBytes) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && parseLength(declared) > maxBytes) {
            throw tooLarge(maxBytes);
        }
        JsonNode json;
        try (InputStream body = new BoundedInputStream(exchange.getRequestBody(), maxBytes)) {
            json = mapper.readTree(body);
        } catch (BoundedInputStream.LimitExceeded e) {
            throw tooLarge(maxBytes);
        } catch (StreamConstraintsException e) {
            throw new ApiException(
                    413,
                    StatusCode.RPC_MAX_MESSAGE_SIZE_EXCEEDED.number(),
                    "The request body is over this API's limits: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw RequestParsing.badFormat("Failed to parse the request body as JSON: " + e.getOriginalMessage());
        }
        if (json == null || json.isMissingNode()) {
            return ProtoJson.MAPPER.createObjectNode();
        }
        if (!json.isObject()) {
            throw RequestParsing.badFormat("the request body must be a JSON object");
        }
        return json;
    }

    private static long parseLength(String declared) {
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            throw RequestParsing.badFormat("Content-Length is not a number: " + declared);
        }
    }

    private static ApiException tooLarge(long maxBytes) {
        return new ApiException(
                413,
                StatusCode.RPC_MAX_MESSAGE_SIZE_EXCEEDED.number(),
                "The request body is larger than " + maxBytes + " bytes, the most this request can carry");
    }

    /** Fails the read that would go past the limit. */
    private static final class BoundedInputStream extends FilterInputStream {
        private final long limit;
        private long read;

        static final class LimitExceeded extends IOException {
            LimitExceeded() {
                super("request body over the limit", null);
            }
        }

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws LimitExceeded {
            read += n;
            if (read > limit) {
                throw new LimitExceeded();
            }
        }
    }
}

package io.github.clarifais3sync.local.inputsapi.grpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpHandler;
import io.github.clarifais3sync.local.inputsapi.StatusCode;
import io.grpc.Metadata;
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Hands one gRPC call to the local Inputs API's REST handling in this process and reads its JSON reply back into the
 * method's response message. Clarifai answers API errors over gRPC with status OK and the error in the reply's
 * {@code status} (as the JSON channel does in the body), so every REST reply becomes a reply; only a dropped
 * connection becomes a gRPC error, UNAVAILABLE.
 */
final class RestBridge {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> REQUEST_ID_PREFIX =
            Metadata.Key.of("x-clarifai-request-id-prefix", Metadata.ASCII_STRING_MARSHALLER);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpHandler rest;
    private final HttpTranscoder transcoder = new HttpTranscoder();
    private final JsonFormat.Parser parser = JsonFormat.parser().ignoringUnknownFields();

    RestBridge(HttpHandler rest) {
        this.rest = rest;
    }

    /** The reply to {@code request}, or a gRPC error status (as an exception) for a dropped connection. */
    DynamicMessage call(HttpRule rule, Message request, Metadata metadata, Descriptor responseType) {
        byte[] reply;
        try {
            HttpTranscoder.RestRequest call = transcoder.toRest(rule, request);
            InProcessExchange exchange = new InProcessExchange(
                    call.method(), URI.create(call.pathAndQuery()), headers(metadata), call.body());
            rest.handle(exchange);
            if (!exchange.answered()) {
                throw Status.UNAVAILABLE
                        .withDescription("the connection was dropped")
                        .asRuntimeException();
            }
            reply = exchange.responseBytes();
        } catch (HttpTranscoder.MissingPathField e) {
            reply = invalidRequest(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DynamicMessage.Builder response = DynamicMessage.newBuilder(responseType);
        try {
            parser.merge(new String(reply, StandardCharsets.UTF_8), response);
        } catch (InvalidProtocolBufferException e) {
            throw Status.INTERNAL
                    .withDescription("cannot read the reply as " + responseType.getFullName() + ": " + e.getMessage())
                    .asRuntimeException();
        }
        return response.build();
    }

    private static Headers headers(Metadata metadata) {
        Headers headers = new Headers();
        headers.set("Content-Type", "application/json");
        String authorization = metadata.get(AUTHORIZATION);
        if (authorization != null) {
            headers.set("Authorization", authorization);
        }
        String prefix = metadata.get(REQUEST_ID_PREFIX);
        if (prefix != null) {
            headers.set("X-Clarifai-Request-ID-Prefix", prefix);
        }
        return headers;
    }

    private static byte[] invalidRequest(String details) {
        ObjectNode body = MAPPER.createObjectNode();
        body.putObject("status")
                .put("code", StatusCode.CONN_INVALID_REQUEST.number())
                .put("description", StatusCode.CONN_INVALID_REQUEST.description())
                .put("details", details);
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

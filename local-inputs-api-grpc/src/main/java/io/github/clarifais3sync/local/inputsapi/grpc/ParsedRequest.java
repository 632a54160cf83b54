package io.github.clarifais3sync.local.inputsapi.grpc;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request message read from the wire, or why it could not be read. Bytes that are not a valid message of the
 * method's request type get INTERNAL, as a gRPC server does when it cannot unmarshal a request
 * (https://grpc.io/docs/guides/status-codes/); reading happens before the handler, so the refusal is made there.
 */
record ParsedRequest(DynamicMessage parsed, String error) {

    DynamicMessage message() {
        if (error != null) {
            throw Status.INTERNAL
                    .withDescription("error unmarshalling request: " + error)
                    .asRuntimeException();
        }
        return parsed;
    }

    static final class Marshaller implements MethodDescriptor.Marshaller<ParsedRequest> {
        private final Descriptor type;

        Marshaller(Descriptor type) {
            this.type = type;
        }

        @Override
        public InputStream stream(ParsedRequest value) {
            return value.message().toByteString().newInput();
        }

        @Override
        public ParsedRequest parse(InputStream stream) {
            try (stream) {
                return new ParsedRequest(DynamicMessage.parseFrom(type, stream), null);
            } catch (InvalidProtocolBufferException e) {
                return new ParsedRequest(null, e.getMessage());
            } catch (IOException e) {
                return new ParsedRequest(null, e.toString());
            }
        }
    }
}

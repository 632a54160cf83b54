package io.github.clarifais3sync.local.inputsapi.grpc;

import com.google.api.HttpRule;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the handler of a {@code clarifai.api.V2} method by name at call time, from the descriptor set: the inputs
 * methods the REST API implements are transcoded onto it; every other method of the service answers UNIMPLEMENTED
 * naming itself; a name the service does not have gets gRPC's own "Method not found".
 */
final class V2HandlerRegistry extends HandlerRegistry {
    /** The methods whose REST routes the local Inputs API serves. */
    static final Set<String> SERVED = Set.of(
            "PostInputs",
            "GetInput",
            "ListInputs",
            "StreamInputs",
            "GetInputCount",
            "PatchInputs",
            "DeleteInput",
            "DeleteInputs",
            "GetInputsAddJob");

    private static final MethodDescriptor.Marshaller<InputStream> UNREAD = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(InputStream value) {
            return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
            return stream;
        }
    };

    private final ClarifaiApiDescriptors api;
    private final RestBridge bridge;
    private final Map<String, ServerMethodDefinition<?, ?>> definitions = new ConcurrentHashMap<>();

    V2HandlerRegistry(ClarifaiApiDescriptors api, RestBridge bridge) {
        this.api = api;
        this.bridge = bridge;
    }

    @Override
    public ServerMethodDefinition<?, ?> lookupMethod(String fullMethodName, String authority) {
        String prefix = ClarifaiApiDescriptors.SERVICE_NAME + "/";
        if (!fullMethodName.startsWith(prefix)) {
            return null;
        }
        Optional<Descriptors.MethodDescriptor> method = api.method(fullMethodName.substring(prefix.length()));
        if (method.isEmpty()) {
            return null;
        }
        return definitions.computeIfAbsent(fullMethodName, name -> definition(method.get()));
    }

    private ServerMethodDefinition<?, ?> definition(Descriptors.MethodDescriptor method) {
        String fullName =
                MethodDescriptor.generateFullMethodName(ClarifaiApiDescriptors.SERVICE_NAME, method.getName());
        Optional<HttpRule> rule = api.httpRule(method.getName());
        boolean unary = !method.isClientStreaming() && !method.isServerStreaming();
        if (!SERVED.contains(method.getName()) || rule.isEmpty() || !unary) {
            return ServerMethodDefinition.create(
                    MethodDescriptor.<InputStream, InputStream>newBuilder()
                            .setType(MethodDescriptor.MethodType.UNKNOWN)
                            .setFullMethodName(fullName)
                            .setRequestMarshaller(UNREAD)
                            .setResponseMarshaller(UNREAD)
                            .build(),
                    unimplemented(fullName));
        }
        MethodDescriptor<ParsedRequest, DynamicMessage> descriptor =
                MethodDescriptor.<ParsedRequest, DynamicMessage>newBuilder()
                        .setType(MethodDescriptor.MethodType.UNARY)
                        .setFullMethodName(fullName)
                        .setRequestMarshaller(new ParsedRequest.Marshaller(method.getInputType()))
                        .setResponseMarshaller(
                                ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(method.getOutputType())))
                        .build();
        return ServerMethodDefinition.create(descriptor, transcoded(rule.get(), method.getOutputType()));
    }

    private ServerCallHandler<ParsedRequest, DynamicMessage> transcoded(
            HttpRule rule, Descriptors.Descriptor responseType) {
        return new ServerCallHandler<>() {
            @Override
            public ServerCall.Listener<ParsedRequest> startCall(
                    ServerCall<ParsedRequest, DynamicMessage> call, Metadata headers) {
                return ServerCalls.<ParsedRequest, DynamicMessage>asyncUnaryCall((request, reply) -> {
                            try {
                                reply.onNext(bridge.call(rule, request.message(), headers, responseType));
                                reply.onCompleted();
                            } catch (StatusRuntimeException e) {
                                reply.onError(e);
                            } catch (RuntimeException e) {
                                reply.onError(Status.INTERNAL
                                        .withDescription(e.toString())
                                        .asRuntimeException());
                            }
                        })
                        .startCall(call, headers);
            }
        };
    }

    private static ServerCallHandler<InputStream, InputStream> unimplemented(String fullName) {
        return (call, headers) -> {
            call.close(
                    Status.UNIMPLEMENTED.withDescription(
                            fullName + " is not served by the local Inputs API; it" + " serves "
                                    + String.join(", ", SERVED.stream().sorted().toList())),
                    new Metadata());
            return new ServerCall.Listener<>() {};
        };
    }
}

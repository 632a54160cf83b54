package io.github.clarifais3sync.local.inputsapi.grpc;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.ExtensionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Clarifai's gRPC API as the published clarifai-grpc wheel defines it: the service {@code clarifai.api.V2} with its
 * messages, and each method's {@code google.api.http} rule (https://cloud.google.com/endpoints/docs/grpc-service-config/reference/rpc/google.api#httprule),
 * read from the FileDescriptorSet that scripts/extract-clarifai-descriptors.py wrote from that wheel.
 */
final class ClarifaiApiDescriptors {
    /** The clarifai-grpc release the descriptor set was extracted from. */
    static final String CLARIFAI_GRPC_VERSION = "12.6.0";

    static final String SERVICE_NAME = "clarifai.api.V2";
    private static final String RESOURCE = "clarifai-api.binpb";

    private final ServiceDescriptor service;
    private final Map<String, HttpRule> httpRules = new HashMap<>();

    private ClarifaiApiDescriptors(FileDescriptorSet files) throws DescriptorValidationException {
        Map<String, FileDescriptor> built = new HashMap<>();
        ServiceDescriptor found = null;
        for (FileDescriptorProto file : files.getFileList()) {
            FileDescriptor[] dependencies =
                    file.getDependencyList().stream().map(built::get).toArray(FileDescriptor[]::new);
            FileDescriptor descriptor = FileDescriptor.buildFrom(file, dependencies);
            built.put(file.getName(), descriptor);
            for (ServiceDescriptor candidate : descriptor.getServices()) {
                if (candidate.getFullName().equals(SERVICE_NAME)) {
                    found = candidate;
                }
            }
        }
        if (found == null) {
            throw new IllegalStateException(RESOURCE + " has no service " + SERVICE_NAME);
        }
        service = found;
        for (MethodDescriptor method : service.getMethods()) {
            // The proto given to buildFrom keeps the options as parsed, with the http extension registered.
            if (method.toProto().getOptions().hasExtension(AnnotationsProto.http)) {
                httpRules.put(method.getName(), method.toProto().getOptions().getExtension(AnnotationsProto.http));
            }
        }
    }

    /** Loads the pinned descriptor set from the class path. */
    static ClarifaiApiDescriptors load() {
        ExtensionRegistry registry = ExtensionRegistry.newInstance();
        AnnotationsProto.registerAllExtensions(registry);
        try (InputStream in = ClarifaiApiDescriptors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return new ClarifaiApiDescriptors(FileDescriptorSet.parseFrom(in, registry));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        } catch (DescriptorValidationException e) {
            throw new IllegalStateException(RESOURCE + " is not a valid descriptor set", e);
        }
    }

    ServiceDescriptor service() {
        return service;
    }

    Optional<MethodDescriptor> method(String name) {
        return Optional.ofNullable(service.findMethodByName(name));
    }

    Optional<HttpRule> httpRule(String methodName) {
        return Optional.ofNullable(httpRules.get(methodName));
    }
}

package io.github.clarifais3sync.local.inputsapi.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.util.JsonFormat;
import io.github.clarifais3sync.local.inputsapi.LocalInputsApi;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Many PostInputs calls of 128 inputs each keep the endpoint's memory bounded: the heap in use after a full collection,
 * once the app's inputs are forgotten (every 100 calls), has no rising floor: the lowest reading of the second half of
 * the run stays within a margin of the highest of the first half. The number of calls is the system property {@code
 * grpc.memory.calls} (default 200, two readings, to keep the suite short; docs/benchmarks.md "The gRPC endpoint under
 * load" has longer runs).
 */
class MemoryTest {
    private static final int CALLS = Integer.getInteger("grpc.memory.calls", 200);
    private static final int ROUND = 100;
    private static final long ALLOWED_GROWTH_BYTES = 48L * 1024 * 1024;

    @Test
    void manyPostInputsOf128InputsKeepTheHeapBounded() throws Exception {
        try (LocalInputsApi api = LocalInputsApi.builder()
                        .apiKey("memory-key", "memory-user", "memory-app")
                        .processingDelay(Duration.ZERO)
                        .deleteDelay(Duration.ZERO)
                        .rateLimit(0)
                        .build()
                        .start();
                LocalInputsGrpcServer grpc =
                        LocalInputsGrpcServer.builder(api).build().start()) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpc.port())
                    .usePlaintext()
                    .build();
            try {
                Metadata metadata = new Metadata();
                metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Key memory-key");
                Channel authorized =
                        ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(metadata));
                Descriptors.MethodDescriptor postInputs =
                        ClarifaiApiDescriptors.load().method("PostInputs").orElseThrow();
                MethodDescriptor<DynamicMessage, DynamicMessage> method =
                        MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
                                .setType(MethodDescriptor.MethodType.UNARY)
                                .setFullMethodName("clarifai.api.V2/PostInputs")
                                .setRequestMarshaller(ProtoUtils.marshaller(
                                        DynamicMessage.getDefaultInstance(postInputs.getInputType())))
                                .setResponseMarshaller(ProtoUtils.marshaller(
                                        DynamicMessage.getDefaultInstance(postInputs.getOutputType())))
                                .build();
                String image = Base64.getEncoder().encodeToString(png());
                List<Long> readings = new ArrayList<>();
                for (int call = 1; call <= CALLS; call++) {
                    DynamicMessage reply = ClientCalls.blockingUnaryCall(
                            authorized,
                            method,
                            CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS),
                            request(postInputs, call, image));
                    assertEquals(
                            10000,
                            ((Descriptors.EnumValueDescriptor) ((DynamicMessage) reply.getField(
                                                    reply.getDescriptorForType().findFieldByName("status")))
                                            .getField(((DynamicMessage) reply.getField(reply.getDescriptorForType()
                                                            .findFieldByName("status")))
                                                    .getDescriptorForType()
                                                    .findFieldByName("code")))
                                    .getNumber());
                    if (call % ROUND == 0) {
                        waitUntilQuiet(api);
                        api.reset();
                        long used = usedHeapAfterCollection();
                        System.out.printf(
                                "{\"event\":\"grpc.memory\",\"calls\":%d,\"usedHeapBytes\":%d}%n", call, used);
                        readings.add(used);
                    }
                }
                int half = (readings.size() + 1) / 2;
                long firstHalfHighest = Collections.max(readings.subList(0, half));
                long secondHalfLowest = Collections.min(readings.subList(readings.size() / 2, readings.size()));
                assertTrue(
                        secondHalfLowest - firstHalfHighest < ALLOWED_GROWTH_BYTES,
                        "used heap after each " + ROUND + " calls: " + readings);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static DynamicMessage request(Descriptors.MethodDescriptor method, int call, String image)
            throws Exception {
        StringBuilder json = new StringBuilder("{\"inputs\":[");
        for (int n = 0; n < 128; n++) {
            json.append(n == 0 ? "" : ",")
                    .append("{\"id\":\"c")
                    .append(call)
                    .append("-")
                    .append(n)
                    .append("\",\"data\":{\"image\":{\"base64\":\"")
                    .append(image)
                    .append("\"},\"concepts\":[{\"id\":\"memory\",\"value\":1}]}}");
        }
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(method.getInputType());
        JsonFormat.parser().merge(json.append("]}").toString(), builder);
        return builder.build();
    }

    private static byte[] png() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    private static void waitUntilQuiet(LocalInputsApi api) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (api.busyInputs("memory-user", "memory-app") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static long usedHeapAfterCollection() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}

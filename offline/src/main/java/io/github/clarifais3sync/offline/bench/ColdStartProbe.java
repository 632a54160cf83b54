package io.github.clarifais3sync.offline.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import io.github.clarifais3sync.offline.lambda.LocalContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One cold start in this fresh JVM, as Lambda's Java runtime performs it: load the handler class and build it with its
 * public no-arg constructor (INIT, reading the process environment), then deserialize the event, invoke and serialize
 * the response (the first INVOKE). Prints the wall-clock milliseconds at which main started, INIT ended and the
 * response was ready, and the peak heap in use (the sum of the heap pools' peaks, measured after the response and so
 * outside the timed part), for {@link ColdStartBenchmark} and {@link MemoryBenchmark}. Arguments: handler class, event
 * file. System properties {@code probe.timeoutMillis} and {@code probe.memoryMb} set what the context reports.
 */
public final class ColdStartProbe {

    static final String RESULT = "cold-start-probe ";
    static final String RESPONSE = "cold-start-probe-response ";

    private ColdStartProbe() {}

    public static void main(String[] args) throws Exception {
        long mainAt = System.currentTimeMillis();
        ClassLoader loader = ColdStartProbe.class.getClassLoader();
        Class<?> handlerClass = Class.forName(args[0], true, loader);
        Object handler = handlerClass.getConstructor().newInstance();
        long initEnd = System.currentTimeMillis();
        String functionName = System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "probe");
        LocalContext context = new LocalContext(
                "cold-start-probe",
                functionName,
                "arn:aws:lambda:us-east-1:000000000000:function:" + functionName,
                Integer.getInteger("probe.memoryMb", 1024),
                System.currentTimeMillis() + Long.getLong("probe.timeoutMillis", 60_000));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (handler instanceof RequestStreamHandler streamHandler) {
            streamHandler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(Path.of(args[1]))), out, context);
        } else {
            Method method = Arrays.stream(handlerClass.getMethods())
                    .filter(m -> m.getName().equals("handleRequest") && m.getParameterCount() == 2 && !m.isBridge())
                    .findFirst()
                    .orElseThrow();
            String payload = Files.readString(Path.of(args[1]));
            Object input = serializer(method.getParameterTypes()[0], method.getGenericParameterTypes()[0], loader)
                    .fromJson(payload);
            Object response = method.invoke(handler, input, context);
            if (response != null) {
                serializer(response.getClass(), response.getClass(), loader).toJson(response, out);
            }
        }
        long respondedAt = System.currentTimeMillis();
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println(RESPONSE + out.toString(java.nio.charset.StandardCharsets.UTF_8));
        System.out.println(RESULT + mainAt + " " + initEnd + " " + respondedAt + " " + peakHeap);
        System.out.flush();
        System.exit(0);
    }

    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(Class<?> type, Type genericType, ClassLoader loader) {
        return LambdaEventSerializers.isLambdaSupportedEvent(type.getName())
                ? (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(type, loader)
                : (PojoSerializer<Object>) JacksonFactory.getInstance().getSerializer(genericType);
    }
}

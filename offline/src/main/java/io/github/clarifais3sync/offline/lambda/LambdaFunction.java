package io.github.clarifais3sync.offline.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.clarifais3sync.offline.Json;
import io.github.clarifais3sync.offline.template.Specs.FunctionSpec;
import io.github.clarifais3sync.wiring.OfflineSeam;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One function of the template, run in-process the way the Lambda Java runtime runs it: the handler class named by
 * {@code Handler} is built once per execution environment (here: per concurrent invocation slot) with the function's
 * environment, the JSON payload is deserialized with the runtime's own serializers (event types through
 * {@link LambdaEventSerializers}, everything else through its Jackson), and the invocation ends at the function's
 * Timeout (https://docs.aws.amazon.com/lambda/latest/dg/java-handler.html).
 */
public final class LambdaFunction implements AutoCloseable {

    /** What one invocation did; {@code records} counts the payload's {@code Records} entries, if any. */
    public record Invocation(
            String functionLogicalId, String trigger, int records, boolean succeeded, String error, long millis) {}

    private static final ObjectMapper JSON = Json.MAPPER;

    private final FunctionSpec spec;
    private final Map<String, String> environment;
    private final String functionArn;
    private final ClassLoader loader;
    private final Semaphore concurrency;
    private final ConcurrentLinkedDeque<Object> idleInstances = new ConcurrentLinkedDeque<>();
    private final CopyOnWriteArrayList<Consumer<Invocation>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService executor;
    private volatile Method method;

    public LambdaFunction(FunctionSpec spec, Map<String, String> environment, String functionArn, ClassLoader loader) {
        this(spec, environment, functionArn, loader, null);
    }

    /**
     * @param unreserved the account's concurrency left unreserved, shared by every function without reserved
     *     concurrency (https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html); null for no limit
     */
    public LambdaFunction(
            FunctionSpec spec,
            Map<String, String> environment,
            String functionArn,
            ClassLoader loader,
            Semaphore unreserved) {
        this.spec = spec;
        this.environment = Map.copyOf(environment);
        this.functionArn = functionArn;
        this.loader = loader;
        this.concurrency =
                spec.reservedConcurrency() != null ? new Semaphore(spec.reservedConcurrency(), true) : unreserved;
        this.executor = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().daemon().name(spec.logicalId() + "-", 1).factory());
    }

    public FunctionSpec spec() {
        return spec;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public void onInvocation(Consumer<Invocation> listener) {
        listeners.add(listener);
    }

    /**
     * A synchronous invocation ({@code RequestResponse}).
     *
     * @param trigger who invokes, for the invocation record: {@code s3}, {@code sqs}, {@code schedule}, {@code cli}
     * @return the response JSON ({@code null} for a void handler)
     */
    public String invoke(String payload, String trigger) throws FunctionError {
        long started = System.nanoTime();
        int records = countRecords(payload);
        try {
            String response = invokeWithinTimeout(payload);
            publish(new Invocation(spec.logicalId(), trigger, records, true, null, elapsed(started)));
            return response;
        } catch (FunctionError error) {
            publish(new Invocation(
                    spec.logicalId(),
                    trigger,
                    records,
                    false,
                    error.errorType() + ": " + error.getMessage(),
                    elapsed(started)));
            throw error;
        }
    }

    private String invokeWithinTimeout(String payload) throws FunctionError {
        // ReservedConcurrentExecutions caps concurrent invocations of the function, and the account's unreserved
        // concurrency caps those of the others together
        // (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html); a caller waits for a slot, as
        // Lambda's queue holds asynchronous events while the function is throttled.
        // The slot is released when the handler really returns, not when the caller stops waiting: a timed-out
        // handler that ignores the interrupt still occupies its sandbox (AWS would kill it), so it must not let a
        // second run of a reserved-concurrency-1 function start beside it.
        if (concurrency != null) {
            concurrency.acquireUninterruptibly();
        }
        // Whoever claims the invocation first releases the slot: the task when it runs, or the caller when it
        // gives up on a task that never started.
        AtomicBoolean claimed = new AtomicBoolean();
        AtomicBoolean timedOut = new AtomicBoolean();
        String requestId = UUID.randomUUID().toString();
        long deadline = System.currentTimeMillis() + spec.timeoutSeconds() * 1000L;
        Context context = new LocalContext(requestId, spec.functionName(), functionArn, spec.memorySize(), deadline);
        Future<String> result;
        try {
            result = executor.submit(() -> {
                if (!claimed.compareAndSet(false, true)) {
                    return null;
                }
                try {
                    return run(payload, context, timedOut);
                } finally {
                    releaseSlot();
                }
            });
        } catch (RuntimeException e) {
            releaseSlot();
            throw e;
        }
        try {
            return result.get(spec.timeoutSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            timedOut.set(true);
            abandon(result, claimed);
            throw new FunctionError(
                    "Sandbox.Timedout",
                    requestId + " Task timed out after " + spec.timeoutSeconds() + ".00 seconds",
                    null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(result, claimed);
            throw new FunctionError("Interrupted", "invocation interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof FunctionError error) {
                throw error;
            }
            throw new FunctionError(cause.getClass().getName(), String.valueOf(cause.getMessage()), cause);
        }
    }

    private void abandon(Future<String> result, AtomicBoolean claimed) {
        result.cancel(true);
        if (claimed.compareAndSet(false, true)) {
            releaseSlot();
        }
    }

    private void releaseSlot() {
        if (concurrency != null) {
            concurrency.release();
        }
    }

    private String run(String payload, Context context, AtomicBoolean timedOut) throws Exception {
        Thread.currentThread().setContextClassLoader(loader);
        Method handler = handlerMethod();
        Object instance = idleInstances.pollFirst();
        if (instance == null) {
            instance = newInstance(handler.getDeclaringClass());
        }
        try {
            Class<?>[] parameters = handler.getParameterTypes();
            if (parameters.length >= 2 && parameters[0] == InputStream.class && parameters[1] == OutputStream.class) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Object[] arguments = parameters.length == 3
                        ? new Object[] {new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out, context
                        }
                        : new Object[] {new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out};
                invokeHandler(handler, instance, arguments);
                return out.toString(StandardCharsets.UTF_8);
            }
            Object[] arguments = new Object[parameters.length];
            for (int i = 0; i < parameters.length; i++) {
                arguments[i] = Context.class.isAssignableFrom(parameters[i])
                        ? context
                        : deserialize(payload, parameters[i], handler.getGenericParameterTypes()[i]);
            }
            return serialize(invokeHandler(handler, instance, arguments));
        } finally {
            // Like a sandbox after a timeout, an instance whose invocation timed out is not reused.
            if (!timedOut.get()) {
                idleInstances.addFirst(instance);
            }
        }
    }

    private static Object invokeHandler(Method handler, Object instance, Object[] arguments) throws Exception {
        try {
            return handler.invoke(instance, arguments);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new FunctionError(cause.getClass().getName(), String.valueOf(cause.getMessage()), cause);
        }
    }

    private Object deserialize(String payload, Class<?> type, Type genericType) {
        if (type == String.class && !payload.trim().startsWith("\"")) {
            return payload;
        }
        if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
            return LambdaEventSerializers.serializerFor(type, loader).fromJson(payload);
        }
        return JacksonFactory.getInstance().getSerializer(genericType).fromJson(payload);
    }

    @SuppressWarnings("unchecked")
    private String serialize(Object response) {
        if (response == null) {
            return "null";
        }
        Class<Object> type = (Class<Object>) response.getClass();
        PojoSerializer<Object> serializer = LambdaEventSerializers.isLambdaSupportedEvent(type.getName())
                ? LambdaEventSerializers.serializerFor(type, loader)
                : JacksonFactory.getInstance().getSerializer(type);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.toJson(response, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private Object newInstance(Class<?> handlerClass) throws FunctionError {
        try {
            return OfflineSeam.newHandler(handlerClass, environment);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new FunctionError("Runtime.InitError", cause.getClass().getName() + ": " + cause.getMessage(), cause);
        } catch (ReflectiveOperationException e) {
            throw new FunctionError("Runtime.InitError", "cannot construct " + handlerClass.getName() + ": " + e, e);
        }
    }

    /** Resolves {@code package.Class::method} (method defaults to {@code handleRequest}) to the handler method. */
    private Method handlerMethod() throws FunctionError {
        Method resolved = method;
        if (resolved != null) {
            return resolved;
        }
        String handler = spec.handler();
        int separator = handler.indexOf("::");
        String className = separator < 0 ? handler : handler.substring(0, separator);
        String methodName = separator < 0 ? "handleRequest" : handler.substring(separator + 2);
        Class<?> handlerClass;
        try {
            handlerClass = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new FunctionError(
                    "Runtime.ImportModuleError",
                    "Class not found: " + className + " (handler " + handler + " of " + spec.logicalId() + ")",
                    e);
        }
        resolved = Arrays.stream(handlerClass.getMethods())
                .filter(candidate -> candidate.getName().equals(methodName)
                        && !candidate.isBridge()
                        && !candidate.isSynthetic()
                        && !Modifier.isStatic(candidate.getModifiers())
                        && candidate.getParameterCount() >= 1
                        && candidate.getParameterCount() <= 3)
                .max(Comparator.comparingInt(Method::getParameterCount))
                .orElseThrow(() -> new FunctionError(
                        "Runtime.NoSuchHandler", "no public method " + methodName + " in " + className, null));
        method = resolved;
        return resolved;
    }

    private void publish(Invocation invocation) {
        listeners.forEach(listener -> listener.accept(invocation));
    }

    private static int countRecords(String payload) {
        try {
            JsonNode records = JSON.readTree(payload).path("Records");
            return records.isArray() ? records.size() : 0;
        } catch (JsonProcessingException e) {
            return 0;
        }
    }

    private static long elapsed(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

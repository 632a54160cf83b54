package io.github.clarifais3sync.wiring;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;

/**
 * The seam the offline stack uses to run the functions: {@link #newHandler} builds a handler through its public no-arg
 * constructor, as Lambda does, while {@link DependencyFactory#forLambda} reads the given environment instead of the
 * process's. Lambda itself never goes through here: the no-arg constructor reads the process environment and leaves
 * region, credentials and endpoints to the SDK.
 *
 * <p>Why the seam exists: the offline stack runs all the functions in one JVM, building each handler by reflection as
 * Lambda would, and a JVM has one process environment. So it hands each handler the environment Lambda would give that
 * function: the template's variables plus {@code AWS_REGION}, {@code AWS_ENDPOINT_URL} (the emulators' edge endpoint)
 * and dummy credentials. Those AWS variables become explicit client settings
 * ({@link AwsClients.Overrides#fromEnvironment}); everything else is read exactly as in Lambda.
 */
public final class OfflineSeam {

    private static final ThreadLocal<Map<String, String>> ENVIRONMENT = new ThreadLocal<>();

    private OfflineSeam() {}

    /**
     * A new handler of the given class, built by its public no-arg constructor with {@code environment} as the
     * function's environment.
     *
     * @throws InvocationTargetException what the constructor threw, as reflection reports it
     */
    public static <H> H newHandler(Class<H> handlerClass, Map<String, String> environment)
            throws ReflectiveOperationException {
        ENVIRONMENT.set(Map.copyOf(environment));
        try {
            return handlerClass.getConstructor().newInstance();
        } finally {
            ENVIRONMENT.remove();
        }
    }

    /** The environment of the handler being built by {@link #newHandler} on this thread; null outside it. */
    static Map<String, String> environment() {
        return ENVIRONMENT.get();
    }
}

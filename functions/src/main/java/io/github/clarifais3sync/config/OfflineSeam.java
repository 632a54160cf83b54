package io.github.clarifais3sync.config;

import java.util.Map;

/**
 * The seam the offline stack uses to run the functions: each handler's public {@code (Map<String, String>)}
 * constructor calls {@link #dependencies}. Lambda uses the no-arg constructor, which reads the process environment
 * and leaves region, credentials and endpoints to the SDK.
 *
 * <p>Why the seam exists: the offline stack ({@code offline/…/lambda/LambdaFunction}) runs all four functions in one
 * JVM, building each handler by reflection as Lambda would, and a JVM has one process environment. So it hands each
 * handler the environment Lambda would give that function: the template's variables plus {@code AWS_REGION},
 * {@code AWS_ENDPOINT_URL} (the emulators' edge endpoint) and dummy credentials. Those AWS variables become explicit
 * client settings ({@link AwsClients.Overrides#fromEnvironment}); everything else is read exactly as in Lambda.
 */
public final class OfflineSeam {

    private OfflineSeam() {
    }

    /** The dependencies of a function whose environment is {@code environment} rather than the process's. */
    public static DependencyFactory dependencies(Map<String, String> environment) {
        return new DependencyFactory(environment, new AwsClients(AwsClients.Overrides.fromEnvironment(environment)));
    }
}

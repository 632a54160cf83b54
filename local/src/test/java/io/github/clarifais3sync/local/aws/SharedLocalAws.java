package io.github.clarifais3sync.local.aws;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** One {@link LocalAws} for the whole test run, closed when JUnit closes its root context. */
final class SharedLocalAws implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedLocalAws.class);

    private record Resource(LocalAws aws) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            aws.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalAws.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Resource.class, type -> new Resource(start()), Resource.class)
                .aws();
    }

    private static LocalAws start() {
        try {
            LocalAws aws = LocalAws.start();
            System.out.println("local-aws startup_ms=" + aws.startupTimes());
            return aws;
        } catch (Exception e) {
            throw new IllegalStateException("LocalAws failed to start", e);
        }
    }
}

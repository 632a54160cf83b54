package io.github.clarifais3sync.local.aws;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;

/**
 * S3Proxy 2.6.0 over jclouds' {@code transient} (in-memory) blob store, without authorization, on a free loopback port.
 *
 * <p>S3Proxy 2.6.0 is built on Jetty 11 and jakarta.servlet 5; DynamoDB Local 2.6.1 brings Jetty 12 without the
 * servlet API, and on one class path S3Proxy fails with {@code NoClassDefFoundError:
 * jakarta/servlet/http/HttpServletResponse}. So S3Proxy runs from its published jar-with-dependencies (copied by the
 * build, never a dependency of this module) in its own class loader whose parent is the platform class loader: none of
 * this module's classes are visible to it and none of its classes leak out. It is driven by reflection because its API
 * types live only in that loader. Its bundled logback is handed a WARN-level configuration from this module.
 */
public final class LocalS3 implements AutoCloseable {
    private static final String LOGBACK_CONFIG = "logback.xml";
    private static final String S3PROXY_LOGBACK = "s3proxy-logback.xml";

    private final URLClassLoader loader;
    private final Object s3Proxy;
    private final AutoCloseable blobStoreContext;
    private final URI endpoint;

    private LocalS3(URLClassLoader loader, Object s3Proxy, AutoCloseable blobStoreContext, int port) {
        this.loader = loader;
        this.s3Proxy = s3Proxy;
        this.blobStoreContext = blobStoreContext;
        this.endpoint = URI.create("http://127.0.0.1:" + port);
    }

    public static LocalS3 start() throws Exception {
        Path jar = RuntimeFiles.s3ProxyJar();
        IsolatedLoader loader = new IsolatedLoader(jar.toUri().toURL());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // jclouds finds its providers through the context class loader; Jetty's threads inherit it.
        thread.setContextClassLoader(loader);
        AutoCloseable context = null;
        try {
            Class<?> contextBuilderType = loader.loadClass("org.jclouds.ContextBuilder");
            Class<?> blobStoreContextType = loader.loadClass("org.jclouds.blobstore.BlobStoreContext");
            Class<?> blobStoreType = loader.loadClass("org.jclouds.blobstore.BlobStore");
            Object contextBuilder = contextBuilderType.getMethod("newBuilder", String.class).invoke(null, "transient");
            contextBuilderType.getMethod("credentials", String.class, String.class)
                    .invoke(contextBuilder, "local", "local");
            context = (AutoCloseable) contextBuilderType.getMethod("build", Class.class)
                    .invoke(contextBuilder, blobStoreContextType);
            Object blobStore = blobStoreContextType.getMethod("getBlobStore").invoke(context);

            Class<?> s3ProxyType = loader.loadClass("org.gaul.s3proxy.S3Proxy");
            Class<?> authenticationType = loader.loadClass("org.gaul.s3proxy.AuthenticationType");
            Object builder = s3ProxyType.getMethod("builder").invoke(null);
            Class<?> builderType = builder.getClass();
            builderType.getMethod("blobStore", blobStoreType).invoke(builder, blobStore);
            builderType.getMethod("endpoint", URI.class).invoke(builder, URI.create("http://127.0.0.1:0"));
            builderType.getMethod("awsAuthentication", authenticationType, String.class, String.class)
                    .invoke(builder, authenticationType.getField("NONE").get(null), null, null);
            Object s3Proxy = builderType.getMethod("build").invoke(builder);
            s3ProxyType.getMethod("start").invoke(s3Proxy);
            int port = (Integer) s3ProxyType.getMethod("getPort").invoke(s3Proxy);
            return new LocalS3(loader, s3Proxy, context, port);
        } catch (InvocationTargetException e) {
            closeQuietly(context);
            loader.close();
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (Exception | Error e) {
            closeQuietly(context);
            loader.close();
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() throws Exception {
        try {
            s3Proxy.getClass().getMethod("stop").invoke(s3Proxy);
        } finally {
            closeQuietly(blobStoreContext);
            loader.close();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Best effort while failing or closing anyway.
        }
    }

    /** Parent is the platform loader, so only JDK classes are shared; logback.xml is replaced by this module's. */
    private static final class IsolatedLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        IsolatedLoader(URL jar) {
            super("s3proxy", new URL[] {jar}, ClassLoader.getPlatformClassLoader());
        }

        @Override
        public URL findResource(String name) {
            return LOGBACK_CONFIG.equals(name) ? LocalS3.class.getResource(S3PROXY_LOGBACK) : super.findResource(name);
        }

        @Override
        public Enumeration<URL> findResources(String name) throws IOException {
            if (LOGBACK_CONFIG.equals(name)) {
                return Collections.enumeration(Collections.singletonList(findResource(name)));
            }
            return super.findResources(name);
        }
    }
}

package io.github.clarifais3sync.wiring;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The JDK's default trust store, loaded once for both HTTP clients of a function: the AWS SDK's URL-connection client
 * and the Clarifai client's {@code java.net.http} client. Left to themselves, each builds its own TLS context and
 * parses the trust store again, a few hundred milliseconds of every cold start (docs/benchmarks.md "Cold start").
 */
public final class SharedTls {

    private final TrustManager[] trustManagers;
    private final SSLContext context;

    private SharedTls(TrustManager[] trustManagers, SSLContext context) {
        this.trustManagers = trustManagers;
        this.context = context;
    }

    /** The default trust managers (the JDK's cacerts, or what {@code javax.net.ssl.trustStore} names). */
    public static SharedTls load() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return new SharedTls(factory.getTrustManagers(), context);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the default TLS trust store", e);
        }
    }

    public TrustManager[] trustManagers() {
        return trustManagers.clone();
    }

    public SSLContext context() {
        return context;
    }
}

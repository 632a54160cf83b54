package io.github.clarifais3sync.local.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Files the build puts next to the classes (see {@code local/pom.xml}, maven-dependency-plugin): the S3Proxy
 * jar-with-dependencies. A system property of the same name overrides each path.
 */
final class RuntimeFiles {
    static final String S3PROXY_JAR = "clarifai.local.s3proxy.jar";

    private static final String RESOURCE = "local-aws-build.properties";
    private static final Properties BUILD = load();

    private RuntimeFiles() {
    }

    static Path s3ProxyJar() {
        Path jar = Path.of(value(S3PROXY_JAR));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy runtime jar missing: " + jar + " (run `mvn -f local/pom.xml "
                    + "process-resources`, or set -D" + S3PROXY_JAR + "=PATH)");
        }
        return jar;
    }

    private static String value(String name) {
        String value = System.getProperty(name, BUILD.getProperty(name));
        if (value == null || value.isBlank() || value.contains("${")) {
            throw new IllegalStateException("no value for " + name + " in " + RESOURCE + " or system properties");
        }
        return value;
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = RuntimeFiles.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}

package io.github.clarifais3sync.packaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The functions' deployment package stays within its budget: the zip `sam build` + `sam deploy` upload, built the same
 * way (target/classes at the root, the runtime dependencies in lib/, deflated), must not pass 12 MB. Every megabyte
 * is paid at each cold start's code download and unpacking, and the issue that set the limit measured 16 MB
 * before the S3 client was replaced (README "Benchmarks").
 */
class DeploymentPackageSizeTest {

    static final long LIMIT_BYTES = 12L * 1024 * 1024;

    @Test
    void theDeploymentZipIsAtMostTwelveMegabytes(@TempDir Path scratch) throws IOException {
        Path classes = Path.of("target/classes");
        Path lib = Path.of("target/package-lib");
        assertTrue(Files.isDirectory(classes) && Files.isDirectory(lib), "run through Maven: " + lib + " is made by "
                + "the package-lib-for-size-test execution");
        Path zip = scratch.resolve("functions.zip");
        List<String> largest = new ArrayList<>();
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            add(out, classes, "");
            add(out, lib, "lib/");
        }
        try (Stream<Path> jars = Files.list(lib)) {
            jars.sorted(Comparator.comparingLong(DeploymentPackageSizeTest::size).reversed()).limit(5)
                    .forEach(jar -> largest.add(jar.getFileName() + " " + size(jar) / 1024 + " KiB"));
        }
        long bytes = Files.size(zip);
        System.out.printf("deployment zip: %,d bytes (limit %,d); largest jars: %s%n", bytes, LIMIT_BYTES, largest);
        assertTrue(bytes <= LIMIT_BYTES, "the deployment zip is " + bytes + " bytes, over the " + LIMIT_BYTES
                + "-byte limit; largest jars: " + largest);
    }

    private static void add(ZipOutputStream out, Path root, String prefix) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            out.putNextEntry(new ZipEntry(prefix + root.relativize(file).toString().replace('\\', '/')));
            Files.copy(file, out);
            out.closeEntry();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

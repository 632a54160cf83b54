package io.github.clarifais3sync.local.inputsapi;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A local web server playing the part of S3 presigned URLs and other image hosts. */
final class ImageOrigin implements AutoCloseable {
    private final HttpServer server;
    /** Released by a test to let {@code /held.jpg} answer. */
    final CountDownLatch release = new CountDownLatch(1);

    ImageOrigin() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        serve("/photo.jpg", TestImages.jpeg());
        serve("/photo.png", TestImages.encode("png", 20, 10));
        serve("/photo.webp", TestImages.webp());
        serve("/document.pdf", TestImages.pdf());
        serve("/notes.txt", TestImages.text());
        serve("/broken.jpg", TestImages.brokenJpeg());
        server.createContext("/huge.jpg", exchange -> {
            long size = ImageInspector.DEFAULT_MAX_BYTES + 1;
            exchange.sendResponseHeaders(200, size);
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                chunk[0] = (byte) 0xFF;
                chunk[1] = (byte) 0xD8;
                for (long sent = 0; sent < size; sent += chunk.length) {
                    out.write(chunk, 0, (int) Math.min(chunk.length, size - sent));
                    chunk[0] = 0;
                    chunk[1] = 0;
                }
            } catch (IOException e) {
                // The API may stop reading once the limit is passed.
            }
        });
        server.createContext("/held.jpg", exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = TestImages.jpeg();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/trickle.jpg", exchange -> {
            // One byte every 50 ms of a declared megabyte, for at most a minute: a slow origin holding a download.
            exchange.sendResponseHeaders(200, 1024 * 1024);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(TestImages.jpeg(), 0, 3);
                out.flush();
                for (int sent = 0; sent < 1200; sent++) {
                    Thread.sleep(50);
                    out.write(0);
                    out.flush();
                }
            } catch (IOException e) {
                // The API hung up, as it should at its deadline.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        redirect("/to-photo", "/photo.jpg");
        redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/");
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
    }

    private void redirect(String path, String location) {
        server.createContext(path, exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
    }

    private void serve(String path, byte[] body) {
        server.createContext(path, exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}

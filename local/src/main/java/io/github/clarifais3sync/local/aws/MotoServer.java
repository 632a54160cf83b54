package io.github.clarifais3sync.local.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.clarifais3sync.local.http.HttpFields;
import io.github.clarifais3sync.local.http.HttpWire;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * moto server (https://docs.getmoto.org/en/latest/docs/server_mode.html) as a child process of this JVM, one per
 * stack, so each stack starts from an empty state. The child binds a port the OS picks on 127.0.0.1 and prints it; it is
 * ready once it answers HTTP. Its output goes to this process's log, line by line. It ends with {@link #close()}, and
 * in every other way this JVM can end (Ctrl-C, a crash, kill -9): it exits when its standard input reaches end of file,
 * and only this JVM holds the other end of that pipe (see moto_child.py).
 */
public final class MotoServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MotoServer.class);
    private static final String READY = "moto-ready port=";
    private static final String WRAPPER = "moto_child.py";
    private static final int KEPT_OUTPUT_LINES = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final OutputStream lifeline;
    private final URI endpoint;

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.lifeline = process.getOutputStream();
        this.endpoint = endpoint;
    }

    /** Starts moto server with {@code accountId} as the account of every resource; waits until it answers. */
    public static MotoServer start(String accountId, Duration timeout) throws IOException, InterruptedException {
        return start(accountId, timeout, null);
    }

    /**
     * Starts moto server as {@link #start(String, Duration)} does; with {@code admin}, it authorizes every request
     * against IAM policies (see moto_child.py): {@code admin} may do anything, other keys what
     * {@link #addUser(String, AccessKey, Map)} allows them.
     */
    public static MotoServer start(String accountId, Duration timeout, AccessKey admin)
            throws IOException, InterruptedException {
        Path python = EmulatorPython.locate();
        List<String> command = new ArrayList<>(List.of(
                python.toString(),
                "-c",
                wrapper(),
                "--parent-pid",
                Long.toString(ProcessHandle.current().pid())));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("MOTO_"));
        environment.put("MOTO_ACCOUNT_ID", accountId);
        if (admin != null) {
            environment.put("MOTO_LOCAL_ADMIN_KEY", admin.accessKeyId() + ":" + admin.secretAccessKey());
        }
        environment.put("PYTHONUNBUFFERED", "1");
        environment.put("PYTHONDONTWRITEBYTECODE", "1");
        Process process = builder.start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Deque<String> recent = new ArrayDeque<>();
        Thread.ofPlatform()
                .daemon()
                .name("moto-output-" + process.pid())
                .start(() -> relayOutput(process, port, recent));
        try {
            int bound = port.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + bound));
            server.awaitHttp(timeout);
            LOG.info("event=moto_started pid={} endpoint={}", process.pid(), server.endpoint);
            return server;
        } catch (ExecutionException | TimeoutException | IOException e) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            String output;
            synchronized (recent) {
                output = String.join("\n", recent);
            }
            throw new IOException(
                    "moto server did not start (" + python + "): " + e.getMessage()
                            + (output.isEmpty() ? "" : "\n" + output),
                    e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static String wrapper() {
        try (InputStream in = MotoServer.class.getResourceAsStream(WRAPPER)) {
            if (in == null) {
                throw new IllegalStateException(WRAPPER + " missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void relayOutput(Process process, CompletableFuture<Integer> port, Deque<String> recent) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!port.isDone() && line.startsWith(READY)) {
                    port.complete(
                            Integer.parseInt(line.substring(READY.length()).trim()));
                    continue;
                }
                synchronized (recent) {
                    recent.addLast(line);
                    if (recent.size() > KEPT_OUTPUT_LINES) {
                        recent.removeFirst();
                    }
                }
                LOG.info("[moto] {}", line);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("event=moto_output_ended error=\"{}\"", e.toString());
        } finally {
            port.completeExceptionally(new IOException(
                    "moto server exited" + (process.isAlive() ? "" : " with status " + process.exitValue())));
        }
    }

    /** Waits until the server answers a request (it binds before it serves). */
    private void awaitHttp(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), endpoint.getPort())) {
                socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
                HttpWire.writeHead(
                        socket.getOutputStream(),
                        "GET /moto-api/ HTTP/1.1",
                        new HttpFields().add("Host", endpoint.getAuthority()).add("Connection", "close"));
                socket.getOutputStream().flush();
                if (HttpWire.readHead(socket.getInputStream()) != null) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            if (!process.isAlive()) {
                throw new IOException("moto server exited with status " + process.exitValue());
            }
            Thread.sleep(20);
        }
        throw new IOException("moto server did not answer within " + timeout.toMillis() + " ms", last);
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * Adds an IAM user with {@code key} and {@code policies} (inline policy documents by name) to a server started
     * with an admin key.
     */
    public void addUser(String userName, AccessKey key, Map<String, String> policies)
            throws IOException, InterruptedException {
        byte[] body = JSON.writeValueAsBytes(Map.of(
                "userName",
                userName,
                "accessKeyId",
                key.accessKeyId(),
                "secretAccessKey",
                key.secretAccessKey(),
                "policies",
                policies));
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(endpoint.resolve("/_local/iam/users"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IOException("moto refused IAM user " + userName + " (HTTP " + response.statusCode() + "): "
                        + response.body());
            }
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Closes the child's standard input, which ends it; forces it after a grace period. */
    @Override
    public void close() {
        try {
            lifeline.close();
        } catch (IOException ignored) {
            // Already closed.
        }
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(2, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LOG.debug("event=moto_stopped pid={}", process.pid());
    }
}

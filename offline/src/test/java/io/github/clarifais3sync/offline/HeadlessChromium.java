package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.clarifais3sync.testing.Poll;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium (Debian's {@code chromium} package), driven over the Chrome DevTools Protocol with the
 * JDK's own HTTP client and WebSocket (https://chromedevtools.github.io/devtools-protocol/): navigate, evaluate
 * JavaScript in the page, take a screenshot. No WebDriver, no downloaded browser.
 *
 * <p>Without a chromium binary the test fails, saying how to install it; outside CI it may instead be skipped with
 * {@code -DskipBrowserTests=true} (docs/monitoring.md "The same picture offline").
 */
final class HeadlessChromium implements AutoCloseable {

    static final String OPT_OUT = "skipBrowserTests";
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final HttpClient http = HttpClient.newHttpClient();
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, URI pageSocket) throws Exception {
        this.process = process;
        this.profile = profile;
        this.socket = http.newWebSocketBuilder()
                .buildAsync(pageSocket, new Listener())
                .get(30, TimeUnit.SECONDS);
    }

    /** The chromium on PATH ({@code CHROMIUM_BINARY} overrides), if any. */
    static Optional<Path> binary() {
        String configured = System.getenv("CHROMIUM_BINARY");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
                Path candidate = Path.of(directory, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Starts a browser with a fresh profile, one blank page, and the DevTools protocol on a free port. */
    static HeadlessChromium start() throws Exception {
        Path binary = binary().orElse(null);
        if (binary == null) {
            boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
            Assumptions.assumeFalse(!ci && Boolean.getBoolean(OPT_OUT), "no chromium; skipped (-D" + OPT_OUT + ")");
            fail("No chromium on PATH: this test loads the dashboard in a real headless browser. Install it with "
                    + "'apt-get install -y chromium' (.ci/run does), or, outside CI only, skip it with -D" + OPT_OUT
                    + "=true.");
        }
        Path profile = Files.createTempDirectory("chromium-profile");
        Process process = new ProcessBuilder(
                        binary.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile,
                        "--remote-debugging-port=0",
                        "--window-size=1280,1000",
                        "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        try {
            // Chromium writes the port it chose into the profile (first line of DevToolsActivePort).
            Path activePort = profile.resolve("DevToolsActivePort");
            Poll.until("chromium's DevToolsActivePort", STARTUP, () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("chromium did not start: " + chromiumLog(profile));
                }
                return Files.exists(activePort) && !chromiumLines(activePort).isEmpty();
            });
            int port = Integer.parseInt(Files.readAllLines(activePort).get(0).strip());
            HttpResponse<String> targets = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            URI page = null;
            for (JsonNode target : Json.MAPPER.readTree(targets.body())) {
                if (target.path("type").asText().equals("page")) {
                    page = URI.create(target.path("webSocketDebuggerUrl").asText());
                }
            }
            if (page == null) {
                throw new IllegalStateException("chromium has no page target: " + targets.body());
            }
            return new HeadlessChromium(process, profile, page);
        } catch (Exception | Error e) {
            destroy(process);
            deleteTree(profile);
            throw e;
        }
    }

    /** Sends one DevTools command and waits for its result. */
    JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        calls.put(id, result);
        ObjectNode message = Json.MAPPER.createObjectNode().put("id", id).put("method", method);
        message.set("params", params == null ? Json.MAPPER.createObjectNode() : params);
        socket.sendText(Json.MAPPER.writeValueAsString(message), true).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonNode answer = result.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IllegalStateException(method + " failed: " + answer.get("error"));
        }
        return answer.path("result");
    }

    void navigate(String url) throws Exception {
        call("Page.navigate", Json.MAPPER.createObjectNode().put("url", url));
    }

    /** The value of a JavaScript expression in the page (JSON-serializable values only). */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = call(
                "Runtime.evaluate",
                Json.MAPPER
                        .createObjectNode()
                        .put("expression", expression)
                        .put("returnByValue", true)
                        .put("awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("page threw on " + expression + ": " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** The text of the first element matching a CSS selector ("" when there is none). */
    String text(String selector) throws Exception {
        return evaluate("(document.querySelector(" + Json.MAPPER.writeValueAsString(selector)
                        + ") || {textContent: ''}).textContent")
                .asText();
    }

    byte[] screenshot() throws Exception {
        return Base64.getDecoder()
                .decode(call(
                                "Page.captureScreenshot",
                                Json.MAPPER.createObjectNode().put("format", "png"))
                        .path("data")
                        .asText());
    }

    @Override
    public void close() {
        socket.abort();
        destroy(process);
        deleteTree(profile);
    }

    private static void destroy(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A temporary profile; the OS cleans what is left.
        }
    }

    /** Collects each message's frames and completes the call its id names; events are ignored. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder frames = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frames.append(data);
            if (last) {
                try {
                    JsonNode message = Json.MAPPER.readTree(frames.toString());
                    CompletableFuture<JsonNode> call =
                            calls.remove(message.path("id").asInt(-1));
                    if (call != null) {
                        call.complete(message);
                    }
                } catch (IOException e) {
                    calls.values().forEach(call -> call.completeExceptionally(e));
                } finally {
                    frames.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    private static String chromiumLog(Path profile) {
        try {
            return Files.readString(profile.resolve("chromium.log"));
        } catch (IOException e) {
            return "(no chromium.log: " + e + ")";
        }
    }

    private static List<String> chromiumLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}

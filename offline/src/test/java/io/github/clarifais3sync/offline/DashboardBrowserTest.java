package io.github.clarifais3sync.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clarifais3sync.offline.monitor.LocalDashboard;
import io.github.clarifais3sync.testing.Poll;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The live dashboard in a real headless browser during a demo run (after a short burst of 429s): the page, loaded once
 * before the first object is put, shows the ledger counts move to every image indexed and one deleted, and draws the
 * metrics the functions emitted, throttles included. {@code -Ddashboard.screenshot=PATH} also saves the screenshot there (the one in docs/monitoring.md is made that way).
 */
class DashboardBrowserTest {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(150);
    /** 429 answers the local Inputs API gives first: the functions retry them, and the page must count them. */
    private static final int THROTTLED = 4;

    @Test
    void dashboard_duringADemoRun_showsTheCountsMoveAndDrawsTheEmittedMetrics() throws Exception {
        ExecutorService demoThread = Executors.newSingleThreadExecutor();
        try (HeadlessChromium browser = HeadlessChromium.start();
                PipelineHarness pipeline = PipelineHarness.start(
                        OfflineStack.builder().template(TestStacks.TEMPLATE).scheduleEvery(Duration.ofSeconds(1)));
                LocalDashboard dashboard = LocalDashboard.start(pipeline.stack(), 0)) {
            browser.navigate(dashboard.url());
            Poll.until(
                    "the page's first poll",
                    Duration.ofSeconds(30),
                    () -> evaluate(browser, "window.dashboard ? window.dashboard.polls : 0") >= 1);
            String loadId = browser.evaluate("window.dashboard.loadId").asText();
            assertEquals("0", browser.text("#count-indexed"));

            pipeline.inputsApi().faults().throttleNextRequests(THROTTLED);
            ByteArrayOutputStream demoOutput = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(demoOutput, true, StandardCharsets.UTF_8);
            Future<Boolean> demo = demoThread.submit(() -> new Demo(pipeline.stack(), out).run());
            // What the page shows, read as a person would, until it shows the demo's delete.
            List<String> indexedSeen = new ArrayList<>(List.of("0"));
            Poll.until("the demo's delete on the page", RUN_TIMEOUT, () -> {
                String indexed = text(browser, "#count-indexed");
                if (!indexed.equals(indexedSeen.get(indexedSeen.size() - 1))) {
                    indexedSeen.add(indexed);
                }
                return demo.isDone() && text(browser, "#count-deleted").equals("1");
            });
            assertTrue(demo.get(), demoOutput.toString(StandardCharsets.UTF_8));
            String shown = browser.text("#count-indexed");
            if (!shown.equals(indexedSeen.get(indexedSeen.size() - 1))) {
                indexedSeen.add(shown);
            }
            // The charts and the metrics table draw from the page's next poll after the demo's last metrics.
            Poll.until(
                    "the charts and the metrics table to show the whole run",
                    Duration.ofSeconds(30),
                    () -> text(browser, "#legend-throughput").contains("indexed (5)")
                            && text(browser, "#legend-throttles").contains("throttled answers (" + THROTTLED + ")")
                            && text(browser, "#metrics-table").contains("PutToIndexed"));
            byte[] screenshot = browser.screenshot();

            assertEquals(
                    "4",
                    indexedSeen.get(indexedSeen.size() - 1),
                    "five indexed, one of them deleted since: "
                            + indexedSeen + "; page status: " + browser.text("#status") + "; cards: "
                            + browser.text("#cards")
                            + "; demo: " + demoOutput.toString(StandardCharsets.UTF_8));
            assertEquals("1", browser.text("#count-deleted"));
            assertEquals(loadId, browser.evaluate("window.dashboard.loadId").asText(), "without reloading the page");
            assertEquals(1, (int) evaluate(
                    browser, "document.querySelectorAll('#chart-throughput path[data-series=InputsIndexed]').length"));
            assertTrue(
                    browser.text("#legend-throughput").contains("indexed (5)"),
                    "the chart's total is the functions' InputsIndexed: " + browser.text("#legend-throughput"));
            assertEquals(pipeline.stack().metrics().sum("InputsIndexed"), 5.0);
            assertTrue(
                    browser.text("#legend-throttles").contains("throttled answers (" + THROTTLED + ")"),
                    "every 429 the Inputs API sent, as the functions counted them: "
                            + browser.text("#legend-throttles"));
            assertTrue(browser.text("#metrics-table").contains("PutToIndexed"), browser.text("#metrics-table"));
            assertTrue(browser.text("#status").startsWith("live"), browser.text("#status"));

            assertTrue(screenshot.length > 10_000, "a screenshot of the page");
            Files.write(Path.of("target", "dashboard.png"), screenshot);
            String copy = System.getProperty("dashboard.screenshot");
            if (copy != null && !copy.isBlank()) {
                Files.write(Path.of(copy), screenshot);
            }
        } finally {
            demoThread.shutdownNow();
        }
    }

    private static double evaluate(HeadlessChromium browser, String expression) {
        try {
            return browser.evaluate(expression).asDouble();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(HeadlessChromium browser, String selector) {
        try {
            return browser.text(selector);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

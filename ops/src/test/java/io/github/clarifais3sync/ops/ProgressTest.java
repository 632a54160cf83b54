package io.github.clarifais3sync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final AtomicLong nanos = new AtomicLong();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void aLineShowsCountRateAndEta() {
        Progress progress = new Progress("listed", 1000, out, false, nanos::get);
        assertEquals("listed: 250/1,000  25/s  0:10 elapsed  ETA 0:30", progress.line(250, 10_000_000_000L));
    }

    @Test
    void aTotalLearnedLater_addsTheTotalAndEtaFromThenOn() {
        Progress progress = new Progress("listed", -1, out, false, nanos::get);
        assertEquals("listed: 250  25/s  0:10 elapsed", progress.line(250, 10_000_000_000L));

        progress.total(1000);

        assertEquals("listed: 250/1,000  25/s  0:10 elapsed  ETA 0:30", progress.line(250, 10_000_000_000L));
    }

    @Test
    void withoutATerminalAPlainLineComesEveryTenSecondsAndOneAtTheEnd() {
        try (Progress progress = new Progress("scanned", -1, out, false, nanos::get)) {
            progress.advance(5);
            nanos.set(Progress.PLAIN_EVERY.toNanos());
            progress.advance(5);
            nanos.addAndGet(1_000_000_000L);
            progress.advance(5);
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("scanned: 10  "), lines[0]);
        assertTrue(lines[1].startsWith("scanned: 15  "), lines[1]);
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlace() {
        try (Progress progress = new Progress("listed", 10, out, true, nanos::get)) {
            nanos.set(1_000_000_000L);
            progress.advance(5);
        }
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(shown.startsWith("\r\u001b[2K[###############...............] listed: 5/10"), shown);
        assertTrue(shown.endsWith("\n"), shown);
    }
}

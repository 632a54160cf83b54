package io.github.clarifais3sync.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

// Unit tests of the delay before a retried upload message comes back, by receive count.
class BackoffScheduleTest {

    @Test
    void ceilingSeconds_doublesPerReceiveUpToTheMaximum() {
        BackoffSchedule schedule = new BackoffSchedule(Duration.ofSeconds(20), Duration.ofSeconds(900));

        List<Long> ceilings =
                IntStream.rangeClosed(1, 8).mapToObj(schedule::ceilingSeconds).toList();

        assertEquals(List.of(20L, 40L, 80L, 160L, 320L, 640L, 900L, 900L), ceilings);
    }

    @Test
    void delay_liesBetweenHalfTheCeilingAndTheCeiling() {
        BackoffSchedule lowest = new BackoffSchedule(Duration.ofSeconds(20), Duration.ofSeconds(900), bound -> 0);
        BackoffSchedule highest = new BackoffSchedule(Duration.ofSeconds(20), Duration.ofSeconds(900), bound -> bound);

        assertEquals(Duration.ofSeconds(10), lowest.delay(1));
        assertEquals(Duration.ofSeconds(20), highest.delay(1));
        assertEquals(Duration.ofSeconds(80), lowest.delay(4));
        assertEquals(Duration.ofSeconds(160), highest.delay(4));
        assertEquals(Duration.ofSeconds(450), lowest.delay(100));
        assertEquals(Duration.ofSeconds(900), highest.delay(100));
    }

    @Test
    void delay_withTheRealRandomSource_staysWithinItsBounds() {
        BackoffSchedule schedule = new BackoffSchedule(Duration.ofSeconds(3), Duration.ofSeconds(60));

        for (int receive = 1; receive <= 10; receive++) {
            long delay = schedule.delay(receive).toSeconds();
            long ceiling = schedule.ceilingSeconds(receive);
            assertTrue(delay >= ceiling - ceiling / 2 && delay <= ceiling, receive + ": " + delay);
        }
    }

    @Test
    void worstCaseSeconds_sumsTheCeilingsBeforeTheLastReceive() {
        BackoffSchedule schedule = new BackoffSchedule(Duration.ofSeconds(20), Duration.ofSeconds(900));

        assertEquals(20 + 40 + 80 + 160, schedule.worstCaseSeconds(5));
        assertEquals(0, schedule.worstCaseSeconds(1));
    }

    @Test
    void maximum_isNeverBelowTheBaseNorAboveSqsTwelveHours() {
        assertEquals(30, new BackoffSchedule(Duration.ofSeconds(30), Duration.ofSeconds(5)).ceilingSeconds(3));
        assertEquals(43_200, new BackoffSchedule(Duration.ofSeconds(60), Duration.ofDays(2)).ceilingSeconds(30));
    }
}

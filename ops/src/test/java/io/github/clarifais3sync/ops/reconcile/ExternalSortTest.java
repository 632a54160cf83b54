package io.github.clarifais3sync.ops.reconcile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalSortTest {

    private static final ExternalSort.Codec<AppInput> CODEC = Codecs.INPUT;

    @Test
    void recordsBeyondOneChunkComeBackInKeyOrderThroughFilesThatAreRemovedAfterwards(@TempDir Path temp)
            throws Exception {
        List<AppInput> expected = new ArrayList<>();
        Random random = new Random(7);
        try (ExternalSort<AppInput> sort = new ExternalSort<>(CODEC, Codecs.INPUT_ORDER, 100, temp)) {
            for (int i = 0; i < 1_050; i++) {
                AppInput input = new AppInput("k/" + random.nextInt(500) + "\t\n\\ é😀", "id" + i, "e" + i, 30000);
                expected.add(input);
                sort.add(input);
            }
            assertEquals(10, sort.runs(), "ten full chunks spilled");
            expected.sort(Codecs.INPUT_ORDER);
            List<AppInput> sorted = new ArrayList<>();
            sort.sorted().forEachRemaining(sorted::add);
            assertEquals(expected, sorted);
        }
        try (var files = Files.list(temp)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aSingleChunkIsSortedInMemory(@TempDir Path temp) {
        try (ExternalSort<AppInput> sort = new ExternalSort<>(CODEC, Codecs.INPUT_ORDER, 100, temp)) {
            sort.add(new AppInput("b", "2", "e", 0));
            sort.add(new AppInput("a", "1", "e", 0));
            Iterator<AppInput> sorted = sort.sorted();
            assertEquals("a", sorted.next().key());
            assertEquals("b", sorted.next().key());
            assertEquals(0, sort.runs());
        }
    }

    @Test
    void keysSortInUtf8OrderAsS3ListsThem() {
        // U+FF21 (3 bytes in UTF-8) sorts before U+1F600 (4 bytes); UTF-16 order says the opposite.
        assertTrue(KeyOrder.compare("\uFF21", "😀") < 0);
        assertTrue("\uFF21".compareTo("😀") > 0);
        assertTrue(KeyOrder.compare("a", "ab") < 0);
        assertEquals(0, KeyOrder.compare("photo é.jpg", "photo é.jpg"));
    }

    @Test
    void tsvRoundTripsTabsNewlinesBackslashesAndNulls() {
        String[] fields = {"a\tb", "line\nbreak\r", "back\\slash", null, ""};
        assertArrayEquals(fields, Tsv.split(Tsv.join((Object[]) fields)));
    }
}

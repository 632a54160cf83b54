package io.github.clarifais3sync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

// Unit tests of S3 sequencer ordering: compare only for the same key, shorter ones right-padded with zeros.
class SequencersTest {

    @Test
    void compare_padsTheShorterWithZerosThenComparesAsStrings() {
        assertTrue(Sequencers.compare("0A", "0A0000001") < 0);
        assertEquals(0, Sequencers.compare("0a00000010", "0A0000001"));
        assertTrue(Sequencers.compare("0A00000011", "0A00000010FF") > 0);
        assertTrue(Sequencers.compare("0B", "0A00000010FF") > 0);
    }

    @Test
    void compare_treatsAMissingSequencerAsTheOldest() {
        assertTrue(Sequencers.compare(null, "00") < 0);
        assertTrue(Sequencers.compare("", "01") < 0);
        assertEquals(0, Sequencers.compare(null, ""));
    }

    @Test
    void normalize_upperCasesAndPadsToAFixedWidthSoStringConditionsOrderThem() {
        assertEquals("0A" + "0".repeat(30), Sequencers.normalize("0a"));
        assertEquals("", Sequencers.normalize(null));
        String long40 = "F".repeat(40);
        assertEquals(long40, Sequencers.normalize(long40.toLowerCase()));
        assertTrue(Sequencers.normalize("0A00000010FF").compareTo(Sequencers.normalize("0A00000011")) < 0);
    }
}

package io.github.clarifais3sync.concepts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LabelRulesTest {

    private static final LabelRules RULES = LabelRules.of("cats/=cat, pets/tabby/=cat+tabby", 1, "species", "concept:");

    @Test
    void conceptIds_lowerCaseDropAccentsAndJoinOtherCharactersWithOneDash() {
        assertEquals(Optional.of("maine-coon"), ConceptIds.of("Maine Coon"));
        assertEquals(Optional.of("cafe-au-lait"), ConceptIds.of("  Café_au__lait! "));
        assertEquals(Optional.of("x2"), ConceptIds.of("X2"));
        assertEquals(Optional.empty(), ConceptIds.of("猫"));
        assertEquals(Optional.empty(), ConceptIds.of("---"));
        assertEquals(Optional.empty(), ConceptIds.of("a".repeat(49)));
        assertEquals(Optional.of("a".repeat(48)), ConceptIds.of("A".repeat(48)));
    }

    @Test
    void map_prefixAndFolderRules_givePositiveConcepts() {
        Labels labels = RULES.map("pets/tabby/tom.jpg", Map.of());

        assertEquals("cat:1,pets:1,tabby:1", labels.fingerprint());
        assertTrue(labels.problems().isEmpty());
    }

    @Test
    void map_keyAtTheTopLevel_hasNoFolderConcept() {
        assertEquals("", RULES.map("tom.jpg", Map.of()).fingerprint());
    }

    @Test
    void map_flagTags_setPositiveAndNegativeAndOverrideThePath() {
        Labels labels = RULES.map(
                "cats/tom.jpg",
                Map.of("concept:Cat", "0", "concept:Dog", "1", "concept:Indoor", "true", "owner", "ann"));

        assertEquals("cat:0,cats:1,dog:1,indoor:1", labels.fingerprint());
    }

    @Test
    void map_valueTag_namesAPositiveConcept() {
        assertEquals(
                "maine-coon:1",
                RULES.map("x.jpg", Map.of("species", "Maine Coon")).fingerprint());
    }

    @Test
    void map_unmappableTags_areReportedAndSkippedWithoutFailingTheRest() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("concept:dog", "maybe");
        tags.put("concept:猫", "1");
        tags.put("species", "?!");
        tags.put("concept:bird", "1");

        Labels labels = RULES.map("x.jpg", tags);

        assertEquals("bird:1", labels.fingerprint());
        assertEquals(
                List.of(
                        "tag species=?!: no letter or digit a concept id can keep",
                        "tag concept:dog=maybe: value must be 1 or 0 (true or false)",
                        "tag concept:猫=1: no letter or digit a concept id can keep"),
                labels.problems());
    }

    @Test
    void map_flagTagsNamingOneConceptBothWays_skipThatConcept() {
        Labels labels = RULES.map("cats/x.jpg", Map.of("concept:Cat", "0", "concept:cat", "1"));

        assertEquals("cat:1,cats:1", labels.fingerprint());
        assertEquals(List.of("concept cat: tags give it both 1 and 0, so it was skipped"), labels.problems());
    }

    @Test
    void map_moreTagsThanS3Allows_mapsNoTagButKeepsThePath() {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            tags.put("concept:c" + i, "1");
        }

        Labels labels = RULES.map("cats/x.jpg", tags);

        assertEquals("cat:1,cats:1", labels.fingerprint());
        assertEquals(List.of("11 tags, more than S3's 10: no tag was mapped"), labels.problems());
    }

    @Test
    void of_malformedRules_failAtStartNamingTheEntry() {
        assertEquals(
                "label prefix rule 'cats/' must be prefix=concept[+concept]",
                assertThrows(IllegalArgumentException.class, () -> LabelRules.of("cats/", 0, "", ""))
                        .getMessage());
        assertEquals(
                "label prefix rule 'cats/=!!' : '!!' has no letter or digit a concept id can keep".replace(" :", ":"),
                assertThrows(IllegalArgumentException.class, () -> LabelRules.of("cats/=!!", 0, "", ""))
                        .getMessage());
    }

    @Test
    void readsTags_onlyWhenATagRuleIsSet() {
        assertFalse(LabelRules.of("cats/=cat", 2, "", "").readsTags());
        assertTrue(LabelRules.of("", 0, "", "concept:").readsTags());
        assertFalse(LabelRules.of("", 0, "", "").enabled());
    }
}

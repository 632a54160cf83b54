package io.github.clarifais3sync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.clarifais3sync.inputs.InputIdRules;
import org.junit.jupiter.api.Test;

// Unit tests of the deterministic input ids derived from bucket, key and object version.
class InputIdsTest {

    @Test
    void forObject_isStableAndFitsClarifaisIdRules() {
        String id = InputIds.forObject("b", "holiday photos/café (1).jpg", null, "0067A1B2C3D4E5F601", "etag");

        assertEquals(id, InputIds.forObject("b", "holiday photos/café (1).jpg", null, "0067A1B2C3D4E5F601", "etag"));
        assertEquals(40, id.length());
        assertTrue(InputIdRules.isValid(id), id);
    }

    @Test
    void forObject_usesTheNormalizedSequencerSoTheLedgersCopyMapsToTheSameId() {
        assertEquals(
                InputIds.forObject("b", "k", null, "0067a1", null),
                InputIds.forObject("b", "k", null, Sequencers.normalize("0067A1"), null));
    }

    @Test
    void forObject_prefersTheVersionIdThenTheSequencerThenTheETag() {
        String byVersion = InputIds.forObject("b", "k", "v1", "01", "e");
        assertEquals(byVersion, InputIds.forObject("b", "k", "v1", "02", "other"), "the version id decides");
        assertNotEquals(InputIds.forObject("b", "k", null, "01", "e"), InputIds.forObject("b", "k", null, "02", "e"));
        assertNotEquals(InputIds.forObject("b", "k", null, null, "e1"), InputIds.forObject("b", "k", null, null, "e2"));
    }

    @Test
    void forObject_differsByBucketAndKey() {
        assertNotEquals(InputIds.forObject("a", "k", null, "01", null), InputIds.forObject("b", "k", null, "01", null));
        assertNotEquals(
                InputIds.forObject("b", "k1", null, "01", null), InputIds.forObject("b", "k2", null, "01", null));
    }
}

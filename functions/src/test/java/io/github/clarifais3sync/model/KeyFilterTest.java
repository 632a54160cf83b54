package io.github.clarifais3sync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyFilterTest {

    private static final String IMAGES = ".jpg,.png";

    @Test
    void of_withNoPrefixes_acceptsImagesAnywhereCaseInsensitively() {
        KeyFilter filter = KeyFilter.of("", " ", IMAGES);

        assertTrue(filter.accepts("a/b/photo.JPG"));
        assertTrue(filter.accepts("top level.png"));
        assertFalse(filter.accepts("notes.txt"));
        assertEquals("not an image key (suffixes .jpg,.png)", filter.rejection("notes.txt"));
    }

    @Test
    void accepts_withIncludeAndExcludePrefixes_keepsOnlyIncludedAndNotExcluded() {
        KeyFilter filter = KeyFilter.of("cats/, dogs/", "cats/private/", IMAGES);

        assertTrue(filter.accepts("cats/tom.jpg"));
        assertTrue(filter.accepts("dogs/rex.png"));
        assertFalse(filter.accepts("birds/tweety.jpg"));
        assertFalse(filter.accepts("cats/private/secret.jpg"));
        assertEquals("outside the include prefixes cats/,dogs/", filter.rejection("birds/tweety.jpg"));
        assertEquals("under the exclude prefix cats/private/", filter.rejection("cats/private/secret.jpg"));
        assertNull(filter.rejection("cats/tom.jpg"));
    }

    @Test
    void inScope_ignoresTheSuffix_soRemovalsOfAnyKeyThereCount() {
        KeyFilter filter = KeyFilter.of("cats/", "", IMAGES);

        assertTrue(filter.inScope("cats/readme.txt"));
        assertFalse(filter.inScope("dogs/rex.jpg"));
    }

    @Test
    void prefixes_compareCaseSensitivelyAsS3KeysDo() {
        KeyFilter filter = KeyFilter.of("Cats/", "", IMAGES);

        assertFalse(filter.accepts("cats/tom.jpg"));
        assertEquals(List.of("Cats/"), filter.includePrefixes());
    }

    @Test
    void syncs_takesTheSizeIntoTheOneRule_emptyAndTooLargeObjectsAreNotSynced() {
        KeyFilter filter = KeyFilter.of("", "", ".jpg");
        long limit = io.github.clarifais3sync.inputs.InputsClient.MAX_IMAGE_BYTES;

        assertTrue(filter.syncs("a.jpg", 1));
        assertTrue(filter.syncs("a.jpg", limit - 1));
        assertFalse(filter.syncs("a.jpg", 0), "an empty object: a folder marker, or an image emptied");
        assertFalse(filter.syncs("a.jpg", limit));
        assertFalse(filter.syncs("a.txt", 100));
        assertEquals("zero-byte object", filter.rejection("a.jpg", 0));
        assertTrue(filter.rejection("a.jpg", limit).contains("Clarifai takes images under"));
        assertEquals(filter.rejection("a.txt"), filter.rejection("a.txt", 0), "the key's reason first");
        assertEquals(null, filter.rejection("a.jpg", 10));
    }
}

package io.github.clarifais3sync.model;

import io.github.clarifais3sync.inputs.InputsClient;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What of the bucket this product syncs, the one rule every path asks (the enqueue and delete functions, backfill by
 * listing and by S3 Batch Operations, upload, reconcile and labels): keys under one of the include prefixes (none =
 * the whole bucket), under none of the exclude prefixes, and ending in one of the image suffixes (case-insensitive);
 * and, where the size is known, objects of at least one byte (an empty object is a folder marker, or an image
 * emptied) and under Clarifai's image limit. Prefixes compare case-sensitively, as S3 keys do.
 */
public record KeyFilter(List<String> includePrefixes, List<String> excludePrefixes, List<String> imageSuffixes) {

    public KeyFilter {
        includePrefixes = List.copyOf(includePrefixes);
        excludePrefixes = List.copyOf(excludePrefixes);
        imageSuffixes =
                imageSuffixes.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    /** From the comma-separated forms the template passes (blank entries ignored, spaces around entries trimmed). */
    public static KeyFilter of(String includePrefixes, String excludePrefixes, String imageSuffixes) {
        return new KeyFilter(split(includePrefixes), split(excludePrefixes), split(imageSuffixes));
    }

    /** Whether the key lies in the synced part of the bucket, whatever its suffix (deletes of any key there count). */
    public boolean inScope(String key) {
        Objects.requireNonNull(key, "key");
        return (includePrefixes.isEmpty() || includePrefixes.stream().anyMatch(key::startsWith))
                && excludePrefixes.stream().noneMatch(key::startsWith);
    }

    /** Whether the key is an image this product syncs. */
    public boolean accepts(String key) {
        return inScope(key) && isImage(key);
    }

    public boolean isImage(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return imageSuffixes.stream().anyMatch(lower::endsWith);
    }

    /** Whether an object of this key and size is synced: {@link #accepts} its key and {@link #sizeProblem} none. */
    public boolean syncs(String key, long size) {
        return accepts(key) && sizeProblem(size) == null;
    }

    /** Why an object of this key and size is not synced, for the log line; null when {@link #syncs} it. */
    public String rejection(String key, long size) {
        String rejection = rejection(key);
        return rejection != null ? rejection : sizeProblem(size);
    }

    /** Why an object of this size is not synced whatever its key, or null: empty, or too big for Clarifai. */
    public static String sizeProblem(long size) {
        if (size <= 0) {
            return "zero-byte object";
        }
        if (size >= InputsClient.MAX_IMAGE_BYTES) {
            return size + " bytes; Clarifai takes images under " + InputsClient.MAX_IMAGE_BYTES + " bytes";
        }
        return null;
    }

    /** Why a key is not synced, for the log line; null when {@link #accepts} it. */
    public String rejection(String key) {
        if (!includePrefixes.isEmpty() && includePrefixes.stream().noneMatch(key::startsWith)) {
            return "outside the include prefixes " + String.join(",", includePrefixes);
        }
        String excludedBy =
                excludePrefixes.stream().filter(key::startsWith).findFirst().orElse(null);
        if (excludedBy != null) {
            return "under the exclude prefix " + excludedBy;
        }
        if (!isImage(key)) {
            return "not an image key (suffixes " + String.join(",", imageSuffixes) + ")";
        }
        return null;
    }

    private static List<String> split(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}

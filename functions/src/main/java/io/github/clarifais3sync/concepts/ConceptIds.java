package io.github.clarifais3sync.concepts;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule that turns a folder name, a tag key or a tag value into a concept id (docs/labels.md): accents are
 * dropped (Unicode NFKD, combining marks removed), letters lower-cased, every run of other characters becomes one
 * {@code -}, and {@code -} is trimmed from both ends. The result must be 1 to 48 characters of
 * {@code [a-z0-9]+(-[a-z0-9]+)*}, the subset of Clarifai's id characters (letters, digits, {@code -}, {@code _}) that
 * its own id validator accepts (clarifai-python {@code clarifai/workflows/validate.py}); otherwise the text cannot be
 * mapped. Examples: {@code Maine Coon} becomes {@code maine-coon}, {@code Café_au_lait} becomes {@code cafe-au-lait},
 * {@code 猫} cannot be mapped.
 */
public final class ConceptIds {

    /** Longest concept id this product creates, as for input ids (1–48 characters). */
    public static final int MAX_LENGTH = 48;

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[^a-z0-9]+");
    private static final Pattern VALID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private ConceptIds() {}

    /** The concept id for the text, or empty when the rule leaves nothing valid. */
    public static Optional<String> of(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String id = normalize(text);
        return isValid(id) ? Optional.of(id) : Optional.empty();
    }

    private static String normalize(String text) {
        String plain =
                MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("");
        return SEPARATORS
                .matcher(plain.toLowerCase(Locale.ROOT))
                .replaceAll("-")
                .replaceAll("^-+|-+$", "");
    }

    public static boolean isValid(String id) {
        return id != null && id.length() <= MAX_LENGTH && VALID.matcher(id).matches();
    }

    /** Why {@link #of} found nothing, for the log line and the ledger. */
    static String whyNot(String text) {
        String id = normalize(text);
        return id.isEmpty()
                ? "no letter or digit a concept id can keep"
                : "concept id '" + id + "' is longer than " + MAX_LENGTH + " characters";
    }
}

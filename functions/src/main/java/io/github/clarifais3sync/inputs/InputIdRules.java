package io.github.clarifais3sync.inputs;

import java.util.regex.Pattern;

/**
 * Input ids: 1–48 characters (the API answers "id must be between 1 and 48 characters long" otherwise) from the set
 * Clarifai's own validator accepts, {@code ^[0-9A-Za-z]+([-_][0-9A-Za-z]+)*$} (docs/clarifai-api-notes.md#limits).
 */
public final class InputIdRules {

    public static final int MAX_LENGTH = 48;
    private static final Pattern VALID = Pattern.compile("^[0-9A-Za-z]+([-_][0-9A-Za-z]+)*$");

    private InputIdRules() {}

    public static boolean isValid(String id) {
        return id != null
                && !id.isEmpty()
                && id.length() <= MAX_LENGTH
                && VALID.matcher(id).matches();
    }

    /** Why an id is refused, or null when it is valid. */
    public static String problem(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return "id must be between 1 and " + MAX_LENGTH + " characters long";
        }
        if (!VALID.matcher(id).matches()) {
            return "id may contain only letters, digits and single '-' or '_' between them";
        }
        return null;
    }
}

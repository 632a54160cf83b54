package io.github.clarifais3sync.model;

import java.util.Locale;

/**
 * S3's {@code sequencer}: a hex string that orders events for the same key. Sequencers of different lengths compare
 * after right-padding the shorter with zeros; then the strings compare lexicographically
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
 * {@link #normalize} pads to a fixed width so DynamoDB string conditions compare them correctly.
 */
public final class Sequencers {

    static final int WIDTH = 32;

    private Sequencers() {}

    /** Upper-case, right-padded with zeros to at least {@value #WIDTH} digits; "" for a missing sequencer. */
    public static String normalize(String sequencer) {
        if (sequencer == null || sequencer.isEmpty()) {
            return "";
        }
        String upper = sequencer.toUpperCase(Locale.ROOT);
        return upper.length() >= WIDTH ? upper : upper + "0".repeat(WIDTH - upper.length());
    }

    /** Negative when {@code a} happened before {@code b} for the same key. A missing sequencer is the oldest. */
    public static int compare(String a, String b) {
        String left = normalize(a);
        String right = normalize(b);
        int width = Math.max(left.length(), right.length());
        return pad(left, width).compareTo(pad(right, width));
    }

    private static String pad(String value, int width) {
        return value.isEmpty() ? value : value + "0".repeat(width - value.length());
    }
}

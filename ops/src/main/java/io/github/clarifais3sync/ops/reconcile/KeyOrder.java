package io.github.clarifais3sync.ops.reconcile;

import java.util.Comparator;

/**
 * S3's listing order: "Amazon S3 lists objects in UTF-8 character encoding in lexicographical order"
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html). UTF-8 byte order is code point order,
 * which {@link String#compareTo} (UTF-16 units) breaks for characters above U+FFFF; every view is merged in this one.
 */
final class KeyOrder {

    static final Comparator<String> KEYS = KeyOrder::compare;

    private KeyOrder() {}

    static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}

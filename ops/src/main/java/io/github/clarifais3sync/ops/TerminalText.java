package io.github.clarifais3sync.ops;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * Text from outside (S3 keys, which anyone who may write to the bucket chooses; Clarifai's descriptions; input ids;
 * error messages) printed so that it cannot drive the terminal: control characters (C0 with ESC, DEL, C1 with its
 * one-character CSI) and the bidirectional overrides that reorder what a line appears to say are shown as escapes,
 * {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX} (which are JSON's escapes too, so {@code --json}
 * output stays JSON). A backslash prints as itself.
 */
final class TerminalText {

    private TerminalText() {}

    /** {@code value} with every control character escaped, line breaks included: one value, one line. */
    static String safe(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (needsEscape(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                escape(c, out);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    static boolean needsEscape(char c) {
        return c < 0x20
                || (c >= 0x7f && c <= 0x9f)
                || c == '\u200e'
                || c == '\u200f'
                || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }

    private static void escape(char c, StringBuilder out) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> out.append(String.format("\\u%04X", (int) c));
        }
    }

    /**
     * Everything the tool prints passes through this last guard: the same escapes for every control character except
     * the line breaks the tool itself writes, so a value a command forgot to pass through {@link #safe} still cannot
     * reach the terminal as a control sequence.
     */
    static final class GuardedWriter extends FilterWriter {

        GuardedWriter(Writer out) {
            super(out);
        }

        @Override
        public void write(int c) throws IOException {
            char ch = (char) c;
            if (ch != '\n' && needsEscape(ch)) {
                StringBuilder escaped = new StringBuilder(6);
                escape(ch, escaped);
                out.write(escaped.toString());
            } else {
                out.write(c);
            }
        }

        @Override
        public void write(char[] buffer, int offset, int length) throws IOException {
            write(new String(buffer, offset, length), 0, length);
        }

        @Override
        public void write(String text, int offset, int length) throws IOException {
            int start = offset;
            int end = offset + length;
            for (int i = offset; i < end; i++) {
                char c = text.charAt(i);
                if (c != '\n' && needsEscape(c)) {
                    out.write(text, start, i - start);
                    write(c);
                    start = i + 1;
                }
            }
            out.write(text, start, end - start);
        }
    }
}

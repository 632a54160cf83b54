package io.github.clarifais3sync.local.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;

/** Header fields of one HTTP/1.1 message, in arrival order; names compare case-insensitively (RFC 9110 §5.1). */
public final class HttpFields {
    private final List<String[]> fields = new ArrayList<>();

    public HttpFields add(String name, String value) {
        fields.add(new String[] {name, value});
        return this;
    }

    /** Replaces every field of that name with one. */
    public HttpFields set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    public HttpFields remove(String name) {
        fields.removeIf(field -> field[0].equalsIgnoreCase(name));
        return this;
    }

    public Optional<String> first(String name) {
        for (String[] field : fields) {
            if (field[0].equalsIgnoreCase(name)) {
                return Optional.of(field[1]);
            }
        }
        return Optional.empty();
    }

    public List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (String[] field : fields) {
            if (field[0].equalsIgnoreCase(name)) {
                values.add(field[1]);
            }
        }
        return values;
    }

    public boolean has(String name) {
        return first(name).isPresent();
    }

    /** True if a comma-separated field of that name lists {@code token} (e.g. Connection: close). */
    public boolean hasToken(String name, String token) {
        for (String value : all(name)) {
            for (String part : value.split(",")) {
                if (part.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    public void forEach(BiConsumer<String, String> action) {
        for (String[] field : fields) {
            action.accept(field[0], field[1]);
        }
    }

    /** The field's value as a non-negative long, or -1 if absent; malformed values fail. */
    public long contentLength() throws HttpFormatException {
        List<String> values = all("Content-Length");
        if (values.isEmpty()) {
            return -1;
        }
        long length = -1;
        for (String value : values) {
            long parsed;
            try {
                parsed = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new HttpFormatException("bad Content-Length: " + value);
            }
            if (parsed < 0 || (length >= 0 && parsed != length)) {
                throw new HttpFormatException("bad Content-Length: " + values);
            }
            length = parsed;
        }
        return length;
    }

    public boolean isChunked() {
        List<String> encodings = all("Transfer-Encoding");
        if (encodings.isEmpty()) {
            return false;
        }
        String last = encodings.getLast();
        int comma = last.lastIndexOf(',');
        return (comma < 0 ? last : last.substring(comma + 1))
                .trim()
                .toLowerCase(Locale.ROOT)
                .equals("chunked");
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        forEach((name, value) -> text.append(name).append(": ").append(value).append('\n'));
        return text.toString();
    }
}

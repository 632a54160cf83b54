package io.github.clarifais3sync.local.aws;

import io.github.clarifais3sync.local.http.HttpFields;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signature Version 4 as S3 computes it (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html): the canonical request, the string to
 * sign and the signature. S3 encodes each path segment once and keeps '/', unlike other services.
 */
final class SigV4 {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private SigV4() {}

    /** The canonical request; {@code query} holds decoded names and values, {@code headerValues} by lower-case name. */
    static String canonicalRequest(
            String method,
            String rawPath,
            Map<String, List<String>> query,
            List<String> signedHeaders,
            Map<String, String> headerValues,
            String payloadHash) {
        StringBuilder canonical = new StringBuilder();
        canonical.append(method).append('\n');
        canonical.append(canonicalUri(rawPath)).append('\n');
        canonical.append(canonicalQuery(query)).append('\n');
        for (String name : signedHeaders) {
            canonical
                    .append(name)
                    .append(':')
                    .append(headerValues.getOrDefault(name, ""))
                    .append('\n');
        }
        canonical.append('\n').append(String.join(";", signedHeaders)).append('\n');
        canonical.append(payloadHash);
        return canonical.toString();
    }

    static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
    }

    static String signature(String secretKey, String date, String region, String service, String stringToSign) {
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return HexFormat.of().formatHex(hmac(key, stringToSign));
    }

    /** A header field value as SigV4 canonicalizes it: values joined by commas, trimmed, inner spaces collapsed. */
    static String canonicalValue(List<String> values) {
        List<String> trimmed = new ArrayList<>();
        for (String value : values) {
            trimmed.add(value.trim().replaceAll(" +", " "));
        }
        return String.join(",", trimmed);
    }

    /** Signs a request with an Authorization header (host, x-amz-date, x-amz-content-sha256 signed). */
    static void signHeaders(
            String method,
            String rawPath,
            String rawQuery,
            HttpFields fields,
            String accessKeyId,
            String secretKey,
            String region,
            String service,
            Instant now) {
        String amzDate = AMZ_DATE.format(now);
        String date = amzDate.substring(0, 8);
        fields.set("x-amz-date", amzDate);
        fields.set("x-amz-content-sha256", UNSIGNED_PAYLOAD);
        List<String> signed = List.of("host", "x-amz-content-sha256", "x-amz-date");
        Map<String, String> values = new TreeMap<>();
        for (String name : signed) {
            values.put(name, canonicalValue(fields.all(name)));
        }
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String canonical = canonicalRequest(method, rawPath, parseQuery(rawQuery), signed, values, UNSIGNED_PAYLOAD);
        String signature = signature(secretKey, date, region, service, stringToSign(amzDate, scope, canonical));
        fields.set(
                "Authorization",
                ALGORITHM + " Credential=" + accessKeyId + "/" + scope + ", SignedHeaders=" + String.join(";", signed)
                        + ", Signature=" + signature);
    }

    /** Query parameters, percent-decoded ('+' stays a plus), in order of appearance per name. */
    static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> query = new TreeMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String parameter : rawQuery.split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String name = percentDecode(equals < 0 ? parameter : parameter.substring(0, equals));
            String value = equals < 0 ? "" : percentDecode(parameter.substring(equals + 1));
            query.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return query;
    }

    static String canonicalUri(String rawPath) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        return uriEncode(percentDecode(path), true);
    }

    /** Parameters sorted by encoded name, then encoded value, as {@code name=value} joined with '&'. */
    static String canonicalQuery(Map<String, List<String>> query) {
        TreeMap<String, List<String>> encoded = new TreeMap<>();
        query.forEach((name, values) -> {
            List<String> encodedValues = new ArrayList<>();
            values.forEach(value -> encodedValues.add(uriEncode(value, false)));
            encodedValues.sort(null);
            encoded.computeIfAbsent(uriEncode(name, false), key -> new ArrayList<>())
                    .addAll(encodedValues);
        });
        List<String> pairs = new ArrayList<>();
        encoded.forEach((name, values) -> values.forEach(value -> pairs.add(name + "=" + value)));
        return String.join("&", pairs);
    }

    /** RFC 3986 encoding: unreserved characters stay, every other UTF-8 byte becomes %XX (upper-case hex). */
    static String uriEncode(String text, boolean keepSlash) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~'
                    || (keepSlash && c == '/')) {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** Percent-decoding into UTF-8; a '%' not followed by two hex digits is kept as is. */
    static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%'
                    && i + 2 < text.length()
                    && Character.digit(text.charAt(i + 1), 16) >= 0
                    && Character.digit(text.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    encoded = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(encoded);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

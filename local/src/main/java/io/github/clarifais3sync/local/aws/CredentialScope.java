package io.github.clarifais3sync.local.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The service name of a SigV4 credential scope, {@code AKID/yyyymmdd/region/service/aws4_request}, taken from the
 * {@code Authorization} header or, for presigned URLs, the {@code X-Amz-Credential} query parameter
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-elements.html).
 */
final class CredentialScope {
    private static final String CREDENTIAL = "Credential=";
    private static final String QUERY_CREDENTIAL = "X-Amz-Credential=";

    private CredentialScope() {}

    static Optional<String> service(String authorization, String rawQuery) {
        if (authorization != null) {
            int start = authorization.indexOf(CREDENTIAL);
            if (start >= 0) {
                start += CREDENTIAL.length();
                int end = authorization.indexOf(',', start);
                return serviceOf(authorization
                        .substring(start, end < 0 ? authorization.length() : end)
                        .trim());
            }
        }
        if (rawQuery != null) {
            for (String parameter : rawQuery.split("&")) {
                if (parameter.regionMatches(true, 0, QUERY_CREDENTIAL, 0, QUERY_CREDENTIAL.length())) {
                    String value = parameter.substring(QUERY_CREDENTIAL.length());
                    return serviceOf(URLDecoder.decode(value, StandardCharsets.UTF_8));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> serviceOf(String credential) {
        String[] parts = credential.split("/");
        return parts.length == 5 && !parts[3].isEmpty() ? Optional.of(parts[3]) : Optional.empty();
    }
}

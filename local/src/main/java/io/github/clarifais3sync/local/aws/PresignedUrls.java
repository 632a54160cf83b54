package io.github.clarifais3sync.local.aws;

import io.github.clarifais3sync.local.http.HttpFields;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks S3 presigned URLs (SigV4 query-string authentication,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html) the way S3 does before it serves
 * one: all parameters present, a known access key, the stack's region and service, not expired, not used before its
 * date, and a signature that matches. moto serves presigned requests without any of these checks, so the gateway makes
 * them: an expiry or signing bug then fails offline as it would on AWS.
 */
final class PresignedUrls {

    /** S3's answer to a refused URL: status, error code, message and extra elements of the error document. */
    record Refusal(int status, String code, String message, Map<String, String> details) {}

    static final String SIGNATURE = "X-Amz-Signature";
    private static final String ALGORITHM = "X-Amz-Algorithm";
    private static final String CREDENTIAL = "X-Amz-Credential";
    private static final String DATE = "X-Amz-Date";
    private static final String EXPIRES = "X-Amz-Expires";
    private static final String SIGNED_HEADERS = "X-Amz-SignedHeaders";
    private static final String CONTENT_SHA256 = "X-Amz-Content-Sha256";
    private static final long MAX_EXPIRES_SECONDS = 604_800;
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);

    private final Map<String, String> secretKeys;
    private final String region;
    private final Clock clock;

    /**
     * @param secretKeys secret access key by access key id: the credentials the stack hands out, read as they are at
     *     each check (keys may be added later)
     */
    PresignedUrls(Map<String, String> secretKeys, String region, Clock clock) {
        this.secretKeys = secretKeys;
        this.region = region;
        this.clock = clock;
    }

    static boolean isPresigned(String rawQuery) {
        return rawQuery != null && SigV4.parseQuery(rawQuery).containsKey(SIGNATURE);
    }

    /** Empty when the request is not presigned with SigV4 or its URL is valid; else S3's refusal. */
    Optional<Refusal> check(String method, String rawPath, String rawQuery, HttpFields headers) {
        Map<String, List<String>> query = SigV4.parseQuery(rawQuery);
        if (!query.containsKey(SIGNATURE)) {
            return Optional.empty();
        }
        for (String required : List.of(ALGORITHM, CREDENTIAL, DATE, EXPIRES, SIGNED_HEADERS)) {
            if (!query.containsKey(required)) {
                return refuse(
                        400,
                        "AuthorizationQueryParametersError",
                        "Query-string authentication version 4 "
                                + "requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, "
                                + "X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
            }
        }
        if (!SigV4.ALGORITHM.equals(first(query, ALGORITHM))) {
            return refuse(
                    400, "AuthorizationQueryParametersError", "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
        }
        String[] scope = first(query, CREDENTIAL).split("/");
        if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
            return refuse(
                    400,
                    "AuthorizationQueryParametersError",
                    "Error parsing the X-Amz-Credential parameter; "
                            + "the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }
        String secretKey = secretKeys.get(scope[0]);
        if (secretKey == null) {
            return refuse(
                    403,
                    "InvalidAccessKeyId",
                    "The AWS Access Key Id you provided does not exist in our records.",
                    "AWSAccessKeyId",
                    scope[0]);
        }
        if (!region.equals(scope[2])) {
            return refuse(
                    400,
                    "AuthorizationQueryParametersError",
                    "Error parsing the X-Amz-Credential parameter; " + "the region '" + scope[2]
                            + "' is wrong; expecting '" + region + "'",
                    "Region",
                    region);
        }
        if (!"s3".equals(scope[3])) {
            return refuse(
                    400,
                    "AuthorizationQueryParametersError",
                    "Error parsing the X-Amz-Credential parameter; " + "incorrect service \"" + scope[3]
                            + "\". This endpoint belongs to \"s3\".");
        }
        String amzDate = first(query, DATE);
        Instant signedAt;
        long expiresSeconds;
        try {
            signedAt = SigV4.AMZ_DATE.parse(amzDate, Instant::from);
            expiresSeconds = Long.parseLong(first(query, EXPIRES));
        } catch (DateTimeParseException | NumberFormatException e) {
            return refuse(
                    400,
                    "AuthorizationQueryParametersError",
                    "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\" and X-Amz-Expires a "
                            + "number of seconds");
        }
        if (!scope[1].equals(amzDate.substring(0, 8))) {
            return refuse(
                    400,
                    "AuthorizationQueryParametersError",
                    "Error parsing the X-Amz-Credential parameter; " + "the date does not match X-Amz-Date.");
        }
        if (expiresSeconds < 1 || expiresSeconds > MAX_EXPIRES_SECONDS) {
            return refuse(
                    400,
                    "AuthorizationQueryParametersError",
                    expiresSeconds < 1
                            ? "X-Amz-Expires must be non-negative"
                            : "X-Amz-Expires must be less than a week (in seconds) that is; 604800 seconds");
        }
        Instant now = clock.instant();
        Instant expires = signedAt.plusSeconds(expiresSeconds);
        if (now.isAfter(expires)) {
            return refuse(
                    403,
                    "AccessDenied",
                    "Request has expired",
                    "X-Amz-Expires",
                    Long.toString(expiresSeconds),
                    "Expires",
                    expires.toString(),
                    "ServerTime",
                    now.toString());
        }
        if (signedAt.isAfter(now.plus(MAX_CLOCK_SKEW))) {
            return refuse(
                    403,
                    "AccessDenied",
                    "Request is not valid yet",
                    "X-Amz-Date",
                    amzDate,
                    "ServerTime",
                    now.toString());
        }
        List<String> signedHeaders = List.of(first(query, SIGNED_HEADERS).split(";"));
        Map<String, String> headerValues = new TreeMap<>();
        for (String name : signedHeaders) {
            headerValues.put(name, SigV4.canonicalValue(headers.all(name)));
        }
        Map<String, List<String>> signedQuery = new TreeMap<>(query);
        signedQuery.remove(SIGNATURE);
        String payloadHash = query.containsKey(CONTENT_SHA256) ? first(query, CONTENT_SHA256) : SigV4.UNSIGNED_PAYLOAD;
        String canonical =
                SigV4.canonicalRequest(method, rawPath, signedQuery, signedHeaders, headerValues, payloadHash);
        String stringToSign =
                SigV4.stringToSign(amzDate, String.join("/", scope[1], scope[2], scope[3], scope[4]), canonical);
        String expected = SigV4.signature(secretKey, scope[1], scope[2], scope[3], stringToSign);
        if (!constantTimeEquals(expected, first(query, SIGNATURE))) {
            return refuse(
                    403,
                    "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the "
                            + "signature you provided. Check your key and signing method.",
                    "AWSAccessKeyId",
                    scope[0],
                    "StringToSign",
                    stringToSign,
                    "CanonicalRequest",
                    canonical);
        }
        return Optional.empty();
    }

    private static String first(Map<String, List<String>> query, String name) {
        return query.get(name).getFirst();
    }

    private static Optional<Refusal> refuse(int status, String code, String message, String... details) {
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = 0; i + 1 < details.length; i += 2) {
            extra.put(details[i], details[i + 1]);
        }
        return Optional.of(new Refusal(status, code, message, extra));
    }

    private static boolean constantTimeEquals(String expected, String given) {
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }
}

package io.github.clarifais3sync.local.inputsapi;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which hosts URL inputs may be fetched from. Link-local addresses (169.254.0.0/16 and fe80::/10, RFC 3927 and RFC
 * 4291) are always refused: cloud instance metadata services answer there
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html), and an image URL must not
 * make this API read them. Loopback stays allowed, because local image hosts (the offline stack's S3) serve from it.
 * With an allow-list, only the hosts on it are fetched from.
 */
final class FetchPolicy {
    private final Set<String> allowedHosts;

    /** @param allowedHosts host names or IP addresses, any case; empty allows every host */
    FetchPolicy(Set<String> allowedHosts) {
        this.allowedHosts = allowedHosts.stream().map(FetchPolicy::normalise).collect(Collectors.toUnmodifiableSet());
    }

    static FetchPolicy anyHost() {
        return new FetchPolicy(Set.of());
    }

    Set<String> allowedHosts() {
        return allowedHosts;
    }

    /** Why {@code uri} must not be fetched, or {@code null} when it may be; a host that does not resolve may be. */
    String refusal(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "only http and https URLs are fetched: " + uri;
        }
        if (uri.getHost() == null) {
            return "the URL has no host: " + uri;
        }
        String host = normalise(uri.getHost());
        if (!allowedHosts.isEmpty() && !allowedHosts.contains(host)) {
            return "host " + host + " is not on the list of hosts images are fetched from";
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (address.isLinkLocalAddress()) {
                    return "host " + host + " is the link-local address " + address.getHostAddress()
                            + ", which is never fetched from";
                }
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }

    private static String normalise(String host) {
        String lower = host.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }
}

package io.github.clarifais3sync.inputs;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Which base URLs the key may be sent to: every request carries it in its Authorization header, so https only, with
 * plain http allowed for a loopback host alone (a Clarifai-compatible API on the same machine, as the offline stack
 * runs). template.yaml's {@code ClarifaiApiBaseUrl} pattern states the same rule.
 */
public final class BaseUrls {

    /** What a refused base URL is told it must be. */
    public static final String RULE = "an https:// URL (http:// only for localhost, 127.x.x.x or [::1])";

    private BaseUrls() {}

    /** @return null when {@code url} is an allowed base URL, else what is wrong with it */
    public static String problem(String url) {
        if (url == null || url.isBlank()) {
            return "it is empty";
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return "it is not a URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null
                || host.isEmpty()
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            return "it needs a host and no user, query or fragment";
        }
        if (scheme.equals("https") || (scheme.equals("http") && isLoopback(host))) {
            return null;
        }
        return scheme.equals("http")
                ? "plain http would send the key in clear to " + host
                : "its scheme is " + (scheme.isEmpty() ? "missing" : scheme);
    }

    /** Loopback by its literal form only: no name is looked up. */
    private static boolean isLoopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.equals("localhost")
                || name.equals("[::1]")
                || name.matches("127\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){2}");
    }
}

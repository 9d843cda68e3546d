package io.syncmeter.rgw.internal;

import java.util.Locale;

/** Host names of zone endpoints ({@code http://host:port}, {@code host:port} or {@code host}). */
public final class Endpoints {

    private Endpoints() {}

    /** The lower-case host of an endpoint, without scheme, user, port or path. */
    public static String host(String endpoint) {
        String rest = endpoint.strip();
        int scheme = rest.indexOf("://");
        if (scheme >= 0) {
            rest = rest.substring(scheme + 3);
        }
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            rest = rest.substring(at + 1);
        }
        int end = rest.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = rest.indexOf(c);
            if (i >= 0) {
                end = Math.min(end, i);
            }
        }
        rest = rest.substring(0, end);
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            return (close > 0 ? rest.substring(1, close) : rest).toLowerCase(Locale.ROOT);
        }
        int colon = rest.indexOf(':');
        return (colon >= 0 ? rest.substring(0, colon) : rest).toLowerCase(Locale.ROOT);
    }
}

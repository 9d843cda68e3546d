package io.syncmeter.lifecycle.internal;

import io.syncmeter.probe.ProbeKeys;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The guard every lifecycle deletion passes: a key is syncmeter's to delete only when {@link
 * ProbeKeys#parse} accepts it and its parsed key prefix is exactly the profile's. So {@code
 * syncmeter-probes/x}, {@code syncmeter-probesX/dc1/…}, {@code syncmeter-probes/dc1/readme} or {@code
 * data/a} are never deleted, whatever else lives in the bucket. Immutable, thread-safe.
 */
public final class ProbePrefix {

    /** What {@link ProbeKeys} allows as an origin: a key below any other child prefix cannot be ours. */
    private static final Pattern ORIGIN = Pattern.compile("[a-z0-9-]+");

    private final String keyPrefix;

    public ProbePrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    /** The profile's key prefix, without the trailing '/'. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** The listing prefix of every probe: the key prefix and '/'. */
    public String root() {
        return keyPrefix + "/";
    }

    /** The parts of {@code key} when it is one of our probes; empty otherwise. */
    public Optional<ProbeKeys.Parsed> parse(String key) {
        return ProbeKeys.parse(key).filter(p -> p.keyPrefix().equals(keyPrefix));
    }

    /** Whether {@code key} is one of our probes, so lifecycle may delete it. */
    public boolean owns(String key) {
        return parse(key).isPresent();
    }

    /**
     * Whether a child prefix of {@link #root()} (as a delimiter listing returns it, ending with '/')
     * can hold our probes: it must name an origin {@link ProbeKeys} accepts.
     */
    public boolean isOriginPrefix(String childPrefix) {
        if (!childPrefix.startsWith(root()) || !childPrefix.endsWith("/")) {
            return false;
        }
        String origin = childPrefix.substring(root().length(), childPrefix.length() - 1);
        return ORIGIN.matcher(origin).matches();
    }
}

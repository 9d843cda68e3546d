package io.syncmeter.sync.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;

/**
 * How often a written key already exists at a target site, to choose how {@link ObjectCopier} writes
 * there when the site honours conditional writes: a create-only PUT first (two requests for a fresh
 * key, four or five when the key exists, since the PUT is refused and the target then read), or the
 * HEAD of the target first (three requests either way). The create-only PUT first pays while fewer
 * than about 40 % of the writes find their key at the target; an overwrite-heavy workload is cheaper
 * with the HEAD first.
 *
 * <p>The share is a moving average over about the last {@value #WINDOW} writes of each target. The
 * HEAD comes first once it rises above {@value #HEAD_FIRST_ABOVE}, and the create-only PUT again once
 * it falls below {@value #CREATE_FIRST_BELOW}: the gap keeps a share near the break-even from
 * switching at every write. Both ways tell whether the key existed (a refused PUT, a HEAD that found
 * it), so the share follows the workload in either mode.
 *
 * <p>Threading: thread-safe; the sync lanes of every direction share one instance.
 */
public final class Overwrites {

    /** About the number of recent writes the share is taken over. */
    static final int WINDOW = 16;

    /** The share of writes finding their key at the target above which the HEAD comes first. */
    static final double HEAD_FIRST_ABOVE = 0.5;

    /** The share below which the create-only PUT comes first again. */
    static final double CREATE_FIRST_BELOW = 0.3;

    private static final Logger LOG = Logger.getLogger(Overwrites.class);

    private final ConcurrentMap<String, Share> byTarget = new ConcurrentHashMap<>();

    private static final class Share {
        private double share;
        private boolean headFirst;

        // one write's outcome; returns whether the mode changed
        synchronized boolean record(boolean existed) {
            share += ((existed ? 1.0 : 0.0) - share) / WINDOW;
            boolean was = headFirst;
            if (!headFirst && share > HEAD_FIRST_ABOVE) {
                headFirst = true;
            } else if (headFirst && share < CREATE_FIRST_BELOW) {
                headFirst = false;
            }
            return was != headFirst;
        }

        synchronized boolean headFirst() {
            return headFirst;
        }

        synchronized double share() {
            return share;
        }
    }

    /** Whether a write into {@code target} should start with a create-only PUT (else with a HEAD). */
    public boolean createFirst(String target) {
        Share s = byTarget.get(target);
        return s == null || !s.headFirst();
    }

    /**
     * Records that a write into {@code target} found its key there ({@code existed}) or not.
     *
     * @param target the target site's name
     */
    public void record(String target, boolean existed) {
        Share s = byTarget.computeIfAbsent(target, t -> new Share());
        if (s.record(existed)) {
            LOG.infof(
                    s.headFirst()
                            ? "Copies into %s: %.0f %% of recent writes found their key there; they now read"
                                    + " the target first (3 requests each)"
                            : "Copies into %s: %.0f %% of recent writes found their key there; they now start"
                                    + " with a create-only PUT (2 requests for a new key)",
                    target,
                    100 * s.share());
        }
    }
}

package io.syncmeter.collector;

import java.util.Locale;

/** What became of a probe at one target site. Exactly one per probe and target, except duplicates. */
public enum Outcome {
    /** Seen intact within the late threshold. */
    REPLICATED,
    /** Seen intact, after the late threshold. */
    LATE,
    /** Not seen within the give-up time. */
    MISSING,
    /** Seen with different content. */
    CORRUPT,
    /** Its event was received again; counted, never measured twice. */
    DUPLICATE;

    /** The metric label. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

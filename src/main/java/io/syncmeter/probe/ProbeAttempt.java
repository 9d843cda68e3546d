package io.syncmeter.probe;

import java.time.Instant;
import java.util.Locale;

/**
 * One slot of a probe writer's schedule and what became of its PUT.
 *
 * @param site the site written to
 * @param key the probe key (the key the slot would have used when it was skipped)
 * @param outcome what happened
 * @param slot the open-loop slot the PUT belonged to
 * @param at when the outcome was known
 * @param error what failed, null unless {@link Outcome#FAILED}
 */
public record ProbeAttempt(String site, String key, Outcome outcome, Instant slot, Instant at, String error) {

    /** What became of a slot's PUT. */
    public enum Outcome {
        /** The site acknowledged the PUT. */
        ACKNOWLEDGED,
        /** The PUT failed (an error answer, a timeout, no connection). */
        FAILED,
        /** Too many PUTs were still in flight at the slot's time: the site could not keep up; nothing was sent. */
        SKIPPED;

        /** The lower-case name, as in labels and JSON. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}

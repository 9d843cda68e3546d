package io.syncmeter.rgw.lint;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How bad a finding is: an error fails the lint (exit code 1), a warning does not. */
public enum Severity {
    /** The topology replicates badly or not at all. */
    ERROR,
    /** The topology may be fine, but the lint cannot tell or something looks unintended. */
    WARNING;

    /** The lower-case name used in JSON and text output. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

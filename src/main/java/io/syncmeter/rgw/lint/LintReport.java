package io.syncmeter.rgw.lint;

import java.util.List;

/**
 * The result of a topology lint: the findings in a stable order and their counts.
 *
 * @param findings the findings, ordered by zone, rule and resource
 * @param errors how many findings are errors
 * @param warnings how many findings are warnings
 * @param resources how many Rook multisite resources were read
 */
public record LintReport(List<Finding> findings, int errors, int warnings, int resources) {

    /** A report over these findings (already ordered). */
    public static LintReport of(List<Finding> findings, int resources) {
        int errors = (int)
                findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        return new LintReport(List.copyOf(findings), errors, findings.size() - errors, resources);
    }

    /** Whether the topology passes: no error findings. */
    public boolean passes() {
        return errors == 0;
    }
}

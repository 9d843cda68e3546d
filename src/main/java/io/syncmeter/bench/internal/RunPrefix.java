package io.syncmeter.bench.internal;

import io.syncmeter.site.SiteSettings;
import java.util.regex.Pattern;

/**
 * The key prefix a benchmark run owns at one site, {@code syncmeter-bench/<run-id>/<site>/}: everything
 * the run writes is under it, and its cleanup deletes everything under it. A value can only be built
 * safe — never empty, never above the run's own folder — so a cleanup cannot be pointed at the bucket
 * or at another run's objects.
 *
 * @param value the prefix, ending in {@code /}
 */
public record RunPrefix(String value) {

    /** The folder every run's prefix is under. */
    public static final String ROOT = "syncmeter-bench/";

    /** What a run id may be: letters, digits, '-' and '_', at most 64, no dots (no {@code ..} segments). */
    public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private static final Pattern SAFE =
            Pattern.compile(Pattern.quote(ROOT) + RUN_ID.pattern() + "/" + SiteSettings.NAME.pattern() + "/");

    public RunPrefix {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a safe run prefix (" + ROOT + "<run-id>/<site>/ with a run id of "
                    + RUN_ID.pattern() + " and a site name that is " + SiteSettings.NAME_RULE + "): " + value);
        }
    }

    /** The prefix of run {@code runId} at site {@code site}; refuses ids and names that would not be safe. */
    public static RunPrefix of(String runId, String site) {
        return new RunPrefix(ROOT + runId + "/" + site + "/");
    }

    @Override
    public String toString() {
        return value;
    }
}

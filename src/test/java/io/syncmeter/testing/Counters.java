package io.syncmeter.testing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.syncmeter.metrics.MetricNames;

/** Reads counters of the application's registry in {@code @QuarkusTest}s; 0 for one not yet registered. */
public final class Counters {

    private Counters() {}

    /** The counter {@code name} with these tags (name, value, name, value, …). */
    public static double count(MeterRegistry registry, String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    /** A counter of one sync direction, with more tags if given. */
    public static double sync(MeterRegistry registry, String name, String source, String target, String... tags) {
        String[] all = new String[tags.length + 4];
        all[0] = MetricNames.TAG_SOURCE_SITE;
        all[1] = source;
        all[2] = MetricNames.TAG_TARGET_SITE;
        all[3] = target;
        System.arraycopy(tags, 0, all, 4, tags.length);
        return count(registry, name, all);
    }
}

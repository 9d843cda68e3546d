package io.syncmeter.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SiteWatchTest {

    private final List<String> faults = new CopyOnWriteArrayList<>();
    private InProcessS3Site site;
    private SiteWatch watch;

    @AfterEach
    void stop() {
        if (watch != null) {
            watch.close();
        }
        if (site != null) {
            site.close();
        }
    }

    @Test
    void shouldReportOnceASiteWhoseServerIsNoLongerRunningNamingItsState() throws Exception {
        site = InProcessS3Site.start(
                "dc1", 0, Optional.empty(), "watched", "access", "secret", null, Duration.ofSeconds(30));
        watch = new SiteWatch(List.of(site), Duration.ofMillis(50), (s, state) -> faults.add(s.name() + " " + state));

        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(5)).until(faults::isEmpty);
        site.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> !faults.isEmpty());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> faults.size() == 1);
        assertThat(faults.get(0)).isIn("dc1 STOPPING", "dc1 STOPPED");
    }
}

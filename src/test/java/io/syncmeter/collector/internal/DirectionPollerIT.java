package io.syncmeter.collector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.collector.LagEstimate;
import io.syncmeter.collector.Outcome;
import io.syncmeter.embedded.internal.InProcessS3Site;
import io.syncmeter.probe.ProbeBody;
import io.syncmeter.probe.ProbeKeys;
import io.syncmeter.probe.ProbeWritten;
import io.syncmeter.site.Site;
import io.syncmeter.testing.TwoSites;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * One direction's detection against a real in-process S3 server, on a clock the test moves: a probe
 * is reported overdue for a watched threshold exactly when a listing sent after it still did not
 * show it, once per threshold; a probe whose target can never be listed ends missing after twice the
 * give-up time instead of being awaited forever.
 */
class DirectionPollerIT {

    private static final String PREFIX = "syncmeter-probes";
    private static final String BUCKET = "poller-it";
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static InProcessS3Site server;
    private static Site target;

    record Reported(String what, String key, Outcome outcome, Duration threshold, Instant at, LagEstimate lag) {}

    private final AtomicReference<Instant> clock = new AtomicReference<>(T0);
    private final List<Reported> reported = new ArrayList<>();
    private final DirectionPoller.Sink sink = new DirectionPoller.Sink() {
        @Override
        public void result(ProbeWritten p, String t, Outcome outcome, LagEstimate lag, Instant seenAt, String method) {
            reported.add(new Reported("result", p.key(), outcome, null, seenAt, lag));
        }

        @Override
        public void overdue(ProbeWritten p, String t, Duration threshold, Instant lastAbsent, Instant detectedAt) {
            reported.add(new Reported("overdue", p.key(), null, threshold, lastAbsent, null));
        }
    };

    @BeforeAll
    static void startServer() throws Exception {
        server = InProcessS3Site.start(
                "dc2",
                0,
                Optional.empty(),
                BUCKET,
                TwoSites.ACCESS_KEY,
                TwoSites.SECRET_KEY,
                null,
                Duration.ofSeconds(30));
        target = new Site("dc2", Optional.of(server.endpoint()), BUCKET, TwoSites.client(server.endpoint()));
    }

    @AfterAll
    static void stopServer() {
        target.s3().close();
        server.close();
    }

    private DirectionPoller poller(Site at, Duration giveUp, List<Duration> watched) {
        DirectionPoller.Settings settings = new DirectionPoller.Settings(
                Duration.ofHours(1), Duration.ofSeconds(1), 1000, Duration.ofSeconds(5), giveUp, watched);
        return new DirectionPoller("dc1", at, PREFIX, settings, clock::get, () -> {}, n -> {}, sink);
    }

    private static ProbeWritten probe(long seq) {
        String key = ProbeKeys.key(PREFIX, "dc1", T0, "w" + seq, seq);
        ProbeBody body = ProbeBody.create(key, "dc1", seq, T0, 256);
        return new ProbeWritten(
                ProbeWritten.SCHEMA,
                "dc1",
                BUCKET,
                key,
                "w",
                seq,
                256,
                body.md5Hex(),
                body.md5Hex(),
                body.sha256(),
                T0,
                T0);
    }

    private static void copy(ProbeWritten p) {
        ProbeBody body = ProbeBody.create(p.key(), "dc1", p.sequence(), T0, 256);
        target.s3().putObject(b -> b.bucket(BUCKET).key(p.key()), RequestBody.fromBytes(body.bytes()));
    }

    private void pollAt(DirectionPoller poller, double secondsAfterT0) {
        clock.set(T0.plusMillis(Math.round(secondsAfterT0 * 1000)));
        poller.poll();
    }

    @Test
    void shouldReportOverdueOncePerThresholdWhenAListingSentAfterItStillMissesTheProbe() {
        DirectionPoller poller =
                poller(target, Duration.ofSeconds(60), List.of(Duration.ofSeconds(10), Duration.ofSeconds(2)));
        ProbeWritten p = probe(1);
        poller.track(p);

        pollAt(poller, 1.0);
        assertThat(reported).as("absent for 1 s: under every threshold").isEmpty();
        pollAt(poller, 2.0);
        assertThat(reported).as("absent for exactly 2 s is not more than 2 s").isEmpty();

        pollAt(poller, 3.0);
        assertThat(reported).singleElement().satisfies(r -> {
            assertThat(r.what()).isEqualTo("overdue");
            assertThat(r.threshold()).isEqualTo(Duration.ofSeconds(2));
            assertThat(r.at()).isEqualTo(T0.plusSeconds(3));
        });
        pollAt(poller, 3.5);
        assertThat(reported).as("once per threshold").hasSize(1);

        copy(p);
        pollAt(poller, 4.0);

        assertThat(reported).hasSize(2);
        assertThat(reported.get(1)).satisfies(r -> {
            assertThat(r.what()).isEqualTo("result");
            assertThat(r.outcome()).isEqualTo(Outcome.REPLICATED);
            assertThat(r.lag()).isEqualTo(new LagEstimate(Duration.ofMillis(3500), Duration.ofSeconds(4)));
        });
        assertThat(poller.pending()).isZero();
    }

    @Test
    void shouldReportEveryCrossedThresholdAtTheFirstListingOfAProbeWhoseEventCameLate() {
        DirectionPoller poller =
                poller(target, Duration.ofSeconds(60), List.of(Duration.ofSeconds(2), Duration.ofSeconds(10)));
        ProbeWritten p = probe(2);
        poller.track(p);

        pollAt(poller, 12.0);

        assertThat(reported)
                .extracting(Reported::threshold)
                .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    @Test
    void shouldNotReportOverdueForAProbeSeenInTime() {
        DirectionPoller poller = poller(target, Duration.ofSeconds(60), List.of(Duration.ofSeconds(2)));
        ProbeWritten p = probe(3);
        poller.track(p);
        copy(p);

        pollAt(poller, 1.0);
        pollAt(poller, 5.0);

        assertThat(reported).extracting(Reported::what).containsExactly("result");
    }

    @Test
    void shouldGiveUpOnAProbeWhoseTargetCanNeverBeListedAfterTwiceTheGiveUpTime() throws Exception {
        Site unreachable;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            URI closed = URI.create("http://127.0.0.1:" + s.getLocalPort());
            unreachable = new Site("dc2", Optional.of(closed), BUCKET, TwoSites.client(closed));
        }
        try {
            DirectionPoller poller = poller(unreachable, Duration.ofSeconds(5), List.of(Duration.ofSeconds(2)));
            poller.track(probe(4));

            pollAt(poller, 3.0);
            pollAt(poller, 9.0);
            assertThat(reported)
                    .as("never listed: not overdue, not yet missing")
                    .isEmpty();
            assertThat(poller.pending()).isEqualTo(1);

            pollAt(poller, 10.5);

            assertThat(reported).singleElement().satisfies(r -> {
                assertThat(r.what()).isEqualTo("result");
                assertThat(r.outcome()).isEqualTo(Outcome.MISSING);
            });
            assertThat(poller.pending()).isZero();
        } finally {
            unreachable.s3().close();
        }
    }
}

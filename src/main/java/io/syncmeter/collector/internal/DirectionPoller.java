package io.syncmeter.collector.internal;

import io.syncmeter.collector.LagEstimate;
import io.syncmeter.collector.Outcome;
import io.syncmeter.probe.ProbeBody;
import io.syncmeter.probe.ProbeKeys;
import io.syncmeter.probe.ProbeWritten;
import io.syncmeter.site.Site;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Finds one origin's probes at one target site. Probes awaited are kept sorted by key (that is, by
 * scheduled time); each poll sends one LIST of the origin's probe prefix from just below the oldest
 * awaited probe, and pages on only while awaited probes lie beyond the page. Probes younger than
 * {@code stragglerAfter} are looked for on every poll; older ones only every {@code
 * stragglerPollInterval}, so one lost probe does not make every poll re-list everything after it.
 *
 * <p>A listed probe whose ETag is the body's MD5 (or the origin's ETag) is intact; any other ETag is
 * checked by reading the body back and comparing its SHA-256, so multipart copies are not called
 * corrupt.
 *
 * <p>Threading: {@link #track} may be called from any thread; {@link #poll} from one thread at a
 * time (the owner's scheduler). The sink is called from the polling thread.
 */
public final class DirectionPoller {

    private static final Logger LOG = Logger.getLogger(DirectionPoller.class);

    /** Receives each probe's result. */
    public interface Sink {
        /**
         * @param lag the lag interval, null unless the probe was seen
         * @param seenAt when it was first seen, null when it was not
         * @param method how it was detected
         */
        void result(ProbeWritten probe, String target, Outcome outcome, LagEstimate lag, Instant seenAt, String method);

        /**
         * The probe is still absent more than {@code threshold} after its acknowledgement: the listing
         * sent at {@code lastAbsent} did not show it. Once per probe and watched threshold, before its
         * result.
         */
        void overdue(ProbeWritten probe, String target, Duration threshold, Instant lastAbsent, Instant detectedAt);
    }

    /**
     * How a direction polls.
     *
     * @param stragglerAfter age after which a probe is polled on the slow cadence
     * @param stragglerPollInterval the slow cadence
     * @param pageSize keys per LIST
     * @param late the late threshold
     * @param giveUp age after which an unseen probe is missing
     * @param watched thresholds at which a probe still absent is reported overdue (at most {@value
     *     #MAX_WATCHED})
     */
    public record Settings(
            Duration stragglerAfter,
            Duration stragglerPollInterval,
            int pageSize,
            Duration late,
            Duration giveUp,
            List<Duration> watched) {

        public Settings {
            watched = watched.stream().distinct().sorted().toList();
            if (watched.size() > MAX_WATCHED) {
                throw new IllegalArgumentException(
                        "at most " + MAX_WATCHED + " watched thresholds, got " + watched.size());
            }
        }

        /** Settings without watched thresholds. */
        public Settings(
                Duration stragglerAfter, Duration stragglerPollInterval, int pageSize, Duration late, Duration giveUp) {
            this(stragglerAfter, stragglerPollInterval, pageSize, late, giveUp, List.of());
        }
    }

    /** Watched thresholds per direction at most (one bit each per awaited probe). */
    public static final int MAX_WATCHED = 31;

    private static final class Pending {
        final ProbeWritten probe;
        volatile Instant lastAbsent;
        volatile boolean listed;
        /** Bit i: reported overdue for watched threshold i. Written by the polling thread only. */
        int overdue;

        Pending(ProbeWritten probe) {
            this.probe = probe;
            this.lastAbsent = probe.ackedAt();
        }
    }

    private final String origin;
    private final Site target;
    private final String prefix;
    private final Settings settings;
    private final Supplier<Instant> clock;
    private final Runnable requestCounter;
    private final LongConsumer readBytes;
    private final Sink sink;
    private final ConcurrentSkipListMap<String, Pending> pending = new ConcurrentSkipListMap<>();
    private Instant nextStragglerPoll = Instant.MIN;
    private long consecutiveFailures;

    public DirectionPoller(
            String origin,
            Site target,
            String keyPrefix,
            Settings settings,
            Supplier<Instant> clock,
            Runnable requestCounter,
            LongConsumer readBytes,
            Sink sink) {
        this.origin = origin;
        this.target = target;
        this.prefix = ProbeKeys.originPrefix(keyPrefix, origin);
        this.settings = settings;
        this.clock = clock;
        this.requestCounter = requestCounter;
        this.readBytes = readBytes;
        this.sink = sink;
    }

    /** Starts awaiting a probe; false when it is already awaited. */
    public boolean track(ProbeWritten probe) {
        return pending.putIfAbsent(probe.key(), new Pending(probe)) == null;
    }

    /** Probes awaited now. */
    public int pending() {
        return pending.size();
    }

    /** The target site's name. */
    public String target() {
        return target.name();
    }

    /** The origin site's name. */
    public String origin() {
        return origin;
    }

    /** One detection round: gives up on overdue probes, then lists what is due. */
    public void poll() {
        Instant now = clock.get();
        expire(now);
        if (pending.isEmpty()) {
            return;
        }
        String start;
        if (!now.isBefore(nextStragglerPoll)) {
            start = pending.firstKey();
            nextStragglerPoll = now.plus(settings.stragglerPollInterval());
        } else {
            start = firstYoungerThan(now.minus(settings.stragglerAfter()));
            if (start == null) {
                return;
            }
        }
        try {
            list(start);
            if (consecutiveFailures > 0) {
                LOG.infof("Listing %s at %s works again after %d failures", prefix, target.name(), consecutiveFailures);
                consecutiveFailures = 0;
            }
        } catch (RuntimeException e) {
            // an unreachable site fails every poll: say so once, then every few minutes
            if (consecutiveFailures++ % 1000 == 0) {
                LOG.warnf(
                        "Listing %s at %s failed (%d in a row; probes wait and may turn late or missing): %s",
                        prefix, target.name(), consecutiveFailures, e.toString());
            }
        }
    }

    private String firstYoungerThan(Instant since) {
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            if (e.getValue().probe.ackedAt().isAfter(since)) {
                return e.getKey();
            }
        }
        return null;
    }

    private void list(String start) {
        String last = pending.lastKey();
        String startAfter = ProbeKeys.justBefore(start);
        while (true) {
            Instant sent = clock.get();
            String after = startAfter;
            ListObjectsV2Response page = target.s3()
                    .listObjectsV2(b -> b.bucket(target.bucket())
                            .prefix(prefix)
                            .startAfter(after)
                            .maxKeys(settings.pageSize()));
            requestCounter.run();
            Instant received = clock.get();
            String lastListed = null;
            for (S3Object object : page.contents()) {
                lastListed = object.key();
                Pending p = pending.get(object.key());
                if (p != null) {
                    seen(p, object, received);
                }
            }
            boolean complete = !Boolean.TRUE.equals(page.isTruncated()) || lastListed == null;
            NavigableMap<String, Pending> covered =
                    complete ? pending.tailMap(start, true) : pending.subMap(start, true, lastListed, true);
            // still awaited and inside the listed range: absent when the listing was sent
            for (Pending p : covered.values()) {
                if (sent.isAfter(p.lastAbsent)) {
                    p.lastAbsent = sent;
                }
                p.listed = true;
                checkOverdue(p, received);
            }
            if (complete || lastListed.compareTo(last) >= 0) {
                return;
            }
            startAfter = lastListed;
        }
    }

    /** Reports each watched threshold the probe is now known to have crossed unseen. */
    private void checkOverdue(Pending p, Instant detectedAt) {
        List<Duration> watched = settings.watched();
        if (watched.isEmpty()) {
            return;
        }
        Duration absentFor = Duration.between(p.probe.ackedAt(), p.lastAbsent);
        for (int i = 0; i < watched.size(); i++) {
            Duration threshold = watched.get(i);
            if (absentFor.compareTo(threshold) <= 0) {
                return; // sorted: no larger threshold is crossed either
            }
            int bit = 1 << i;
            if ((p.overdue & bit) == 0) {
                p.overdue |= bit;
                sink.overdue(p.probe, target.name(), threshold, p.lastAbsent, detectedAt);
            }
        }
    }

    private void seen(Pending p, S3Object object, Instant received) {
        if (!pending.remove(p.probe.key(), p)) {
            return;
        }
        ProbeWritten probe = p.probe;
        LagEstimate lag = LagEstimate.of(probe.ackedAt(), p.lastAbsent, received);
        String etag = object.eTag() == null ? "" : object.eTag().replace("\"", "");
        if (etag.equals(probe.md5()) || etag.equals(probe.etag())) {
            sink.result(probe, target.name(), lag.classify(settings.late()), lag, received, "list");
            return;
        }
        // another ETag: a multipart copy or a different body; only the content can tell
        ResponseBytes<GetObjectResponse> body;
        try {
            body = target.s3().getObjectAsBytes(b -> b.bucket(target.bucket()).key(probe.key()));
        } catch (RuntimeException e) {
            pending.putIfAbsent(probe.key(), p);
            LOG.debugf("Reading back %s at %s failed: %s", probe.key(), target.name(), e.toString());
            return;
        } finally {
            requestCounter.run();
        }
        readBytes.accept(body.asByteArrayUnsafe().length);
        if (ProbeBody.sha256(body.asByteArrayUnsafe()).equals(probe.sha256())) {
            sink.result(probe, target.name(), lag.classify(settings.late()), lag, received, "list+get");
        } else {
            sink.result(probe, target.name(), Outcome.CORRUPT, null, received, "list+get");
        }
    }

    private void expire(Instant now) {
        Instant overdue = now.minus(settings.giveUp());
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            // keys sort by scheduled time and a probe is acknowledged after its slot
            if (p.probe.scheduledAt().isAfter(overdue)) {
                return;
            }
            // a probe never covered by a listing (its event came late) gets one look first; but when
            // every listing fails (the target is unreachable) it is missing after twice the give-up,
            // so an unreachable site cannot make the awaited probes pile up without bound
            boolean looked = p.listed || p.probe.ackedAt().isBefore(overdue.minus(settings.giveUp()));
            if (p.probe.ackedAt().isBefore(overdue) && looked && pending.remove(p.probe.key(), p)) {
                sink.result(p.probe, target.name(), Outcome.MISSING, null, null, "none");
            }
        }
    }
}

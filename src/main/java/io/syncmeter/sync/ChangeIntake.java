package io.syncmeter.sync;

import io.micrometer.core.instrument.MeterRegistry;
import io.syncmeter.metrics.MetricNames;
import io.syncmeter.rejected.RejectedEvents;
import io.syncmeter.sync.internal.ChangeEvents;
import io.syncmeter.sync.internal.ChangeTopic;
import io.syncmeter.sync.internal.ObjectChange;
import io.syncmeter.sync.internal.SyncPlan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotification;
import software.amazon.awssdk.eventnotifications.s3.model.S3EventNotificationRecord;

/**
 * The HTTP intake of change notifications: a site (Ceph RGW, MinIO, AWS through a relay) pushes S3
 * event-notification JSON, and each of its records becomes one record of the change topic, keyed by
 * object key (so it lands on its key's shard) with the site in the site header — the same records the
 * engine reads from sites that publish to Kafka themselves.
 *
 * <p>All or nothing: a body with any unusable record is refused whole (nothing is written), counted
 * and set aside like a malformed record of the topic ({@link RejectedEvents}, topic {@value #SOURCE}).
 *
 * <p>Threading: thread-safe; {@link #accept} never blocks, it returns a stage that completes once the
 * broker has every record.
 */
@ApplicationScoped
public class ChangeIntake {

    /** The source named when a refused body is set aside (the {@code topic} label of rejections). */
    public static final String SOURCE = "http:/api/sync/changes";

    private final ChangeTopic topic;
    private final RejectedEvents rejected;
    private final MeterRegistry registry;
    // the engine's sites and parser: a pushed record is read as the engine will read it
    private final SyncPlan plan;

    /** Why a body was refused: a fixed reason (a label, see {@link ChangeEvents}) and what was wrong. */
    public static final class Refused extends Exception {
        private final String reason;

        Refused(String reason, String detail) {
            super(detail);
            this.reason = reason;
        }

        /** {@code malformed-json}, {@code invalid-event} or {@code unknown-site}. */
        public String reason() {
            return reason;
        }
    }

    @Inject
    public ChangeIntake(ChangeTopic topic, RejectedEvents rejected, MeterRegistry registry, SyncPlan plan) {
        this.topic = topic;
        this.rejected = rejected;
        this.registry = registry;
        this.plan = plan;
    }

    /**
     * Takes one pushed body.
     *
     * @param body the request body
     * @param site the site that pushed it, as configured ({@code syncmeter.sites.<name>}); null to take
     *     the unique site whose bucket each record names
     * @return the number of changes written, once the broker has them all
     * @throws Refused when the body or one of its records is unusable, or {@code site} is not a site
     */
    public CompletableFuture<Integer> accept(String body, String site) throws Refused {
        String named = site == null || site.isBlank() ? null : site.strip();
        if (named != null && !plan.hasSite(named)) {
            throw refuse(
                    body,
                    ChangeEvents.UNKNOWN_SITE,
                    "site '" + named + "' is not configured; sites: " + String.join(", ", plan.siteNames()));
        }
        ChangeEvents.Parsed parsed = plan.parser().parse(body, named);
        if (parsed.rejection().isPresent()) {
            throw refuse(
                    body,
                    parsed.rejection().get().reason(),
                    parsed.rejection().get().detail());
        }
        List<ObjectChange> changes = parsed.changes();
        List<S3EventNotificationRecord> records = parsed.records();
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            ObjectChange c = changes.get(i);
            // one record per change, so each lands on its own key's shard; a single one goes as it came
            String value = changes.size() == 1 ? body : new S3EventNotification(List.of(records.get(i))).toJson();
            sent.add(topic.send(c.key(), c.sourceSite(), value, null, null)
                    .thenRun(() -> registry.counter(
                                    MetricNames.SYNC_INTAKE_CHANGES, MetricNames.TAG_SOURCE_SITE, c.sourceSite())
                            .increment()));
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).thenApply(v -> changes.size());
    }

    private Refused refuse(String body, String reason, String detail) {
        rejected.reject(SOURCE, null, body, reason, detail);
        return new Refused(reason, detail);
    }
}

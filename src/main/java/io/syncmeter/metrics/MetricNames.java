package io.syncmeter.metrics;

/**
 * Every metric syncmeter exports, in one place. The constants are Micrometer names; the Prometheus
 * registry renders them with the {@code syncmeter_} prefix, base-unit suffix and {@code _total} for
 * counters, as shown beside each. These Prometheus names are a contract: dashboards and alert rules
 * depend on them, so a change here is a breaking change.
 */
public final class MetricNames {

    private MetricNames() {}

    /** {@code syncmeter_probe_writes_total{site,outcome}}: probe PUTs by outcome ({@link #OUTCOME_OK} …). */
    public static final String PROBE_WRITES = "syncmeter.probe.writes";

    /** {@code syncmeter_probe_write_duration_seconds{site}}: scheduled slot to PUT acknowledged (histogram). */
    public static final String PROBE_WRITE_DURATION = "syncmeter.probe.write.duration";

    /** {@code syncmeter_probe_write_bytes_total{site}}: probe bytes written (write throughput). */
    public static final String PROBE_WRITE_BYTES = "syncmeter.probe.write.bytes";

    /** {@code syncmeter_replication_lag_seconds{source_site,target_site}}: replication lag (histogram). */
    public static final String REPLICATION_LAG = "syncmeter.replication.lag";

    /** {@code syncmeter_replication_objects_total{source_site,target_site,outcome}}: probes by outcome. */
    public static final String REPLICATION_OBJECTS = "syncmeter.replication.objects";

    /** {@code syncmeter_replication_pending_objects{source_site,target_site}}: probes not yet seen. */
    public static final String REPLICATION_PENDING = "syncmeter.replication.pending.objects";

    /**
     * {@code syncmeter_replication_lag_resolution_seconds{source_site,target_site}}: the widest
     * uncertainty window of the lag samples of the last report interval (how finely lag is known).
     */
    public static final String REPLICATION_LAG_RESOLUTION = "syncmeter.replication.lag.resolution";

    /** {@code syncmeter_detection_requests_total{site}}: S3 requests the collector sent to a target site. */
    public static final String DETECTION_REQUESTS = "syncmeter.detection.requests";

    /** {@code syncmeter_detection_read_bytes_total{site}}: bytes the collector read back to verify content. */
    public static final String DETECTION_READ_BYTES = "syncmeter.detection.read.bytes";

    /** {@code syncmeter_sync_objects_total{source_site,target_site,outcome}}: sync engine results. */
    public static final String SYNC_OBJECTS = "syncmeter.sync.objects";

    /** {@code syncmeter_sync_bytes_total{source_site,target_site}}: bytes the sync engine copied. */
    public static final String SYNC_BYTES = "syncmeter.sync.bytes";

    /**
     * {@code syncmeter_sync_requests_total{source_site,target_site}}: S3 requests the sync engine sent
     * (to either site) for a direction; per object copied, the cost of a copy.
     */
    public static final String SYNC_REQUESTS = "syncmeter.sync.requests";

    /**
     * {@code syncmeter_sync_copy_duration_seconds{source_site,target_site}} (histogram): time to bring
     * one key of one direction up to date, from the first request to the last, whatever the outcome.
     */
    public static final String SYNC_COPY_DURATION = "syncmeter.sync.copy.duration";

    /**
     * {@code syncmeter_sync_active_shards{source_site,target_site}}: partitions of the change topic this
     * worker owns (every partition carries every direction's changes).
     */
    public static final String SYNC_ACTIVE_SHARDS = "syncmeter.sync.active.shards";

    /**
     * {@code syncmeter_sync_shard_moves_total{source_site,target_site}}: partitions that came to or left
     * this worker.
     */
    public static final String SYNC_SHARD_MOVES = "syncmeter.sync.shard.moves";

    /**
     * {@code syncmeter_sync_fenced_writes_total{source_site,target_site}}: writes this worker refused
     * because it may no longer own the change's shard (it moved, or the process stood still).
     */
    public static final String SYNC_FENCED_WRITES = "syncmeter.sync.fenced.writes";

    /**
     * {@code syncmeter_sync_backlog_objects{source_site,target_site}}: changes this worker took from the
     * change topic and has not applied yet (queued, in flight, or waiting for a retry). Changes not
     * yet taken are the consumer's lag ({@code kafka_consumer_fetch_manager_records_lag}).
     */
    public static final String SYNC_BACKLOG = "syncmeter.sync.backlog.objects";

    /**
     * {@code syncmeter_sync_conditional_writes{source_site,target_site}}: 1 when the engine's copies into
     * the target are conditional writes (the target was found to honour {@code If-Match} and {@code
     * If-None-Match}), 0 when they are not (not honoured, not checked yet, or turned off).
     */
    public static final String SYNC_CONDITIONAL_WRITES = "syncmeter.sync.conditional.writes";

    /**
     * {@code syncmeter_sync_write_conflicts_total{source_site,target_site}}: conditional writes the target
     * refused because it had changed since it was read (another writer, or the new owner of a shard,
     * wrote there first); each made the engine read both sides again instead of writing over it.
     */
    public static final String SYNC_WRITE_CONFLICTS = "syncmeter.sync.write.conflicts";

    /** {@code syncmeter_sync_retries_total{source_site,target_site}}: syncs retried after a failure. */
    public static final String SYNC_RETRIES = "syncmeter.sync.retries";

    /**
     * {@code syncmeter_sync_parked_total{source_site,target_site}}: keys whose retries all failed, parked
     * on the parking topic to be synced again later.
     */
    public static final String SYNC_PARKED = "syncmeter.sync.parked";

    /**
     * {@code syncmeter_sync_resync_differences_total{source_site,target_site,kind}}: keys a full sync
     * found different at the target ({@code missing}, {@code differs}, {@code extra}) and queued.
     */
    public static final String SYNC_RESYNC_DIFFERENCES = "syncmeter.sync.resync.differences";

    /**
     * {@code syncmeter_sync_resync_last_success_timestamp_seconds}: when the last full sync run here
     * ended with every difference queued (0 before the first).
     */
    public static final String SYNC_RESYNC_LAST_SUCCESS = "syncmeter.sync.resync.last.success.timestamp.seconds";

    /**
     * {@code syncmeter_sync_concurrent_writers{source_site,target_site}}: deployments (consumer groups)
     * seen writing this direction's places, this one included when it does: above 1, two replicators
     * fight over the same target.
     */
    public static final String SYNC_CONCURRENT_WRITERS = "syncmeter.sync.concurrent.writers";

    /**
     * {@code syncmeter_sync_rechecks_total{source_site,target_site}}: keys handed back to their shard's
     * owner, to be synced again from the source, after a write of this worker was let through while the
     * shard moved (it may have landed over a newer version).
     */
    public static final String SYNC_RECHECKS = "syncmeter.sync.rechecks";

    /**
     * {@code syncmeter_sync_intake_changes_total{source_site}}: changes the HTTP intake received (S3
     * event notifications pushed by a site) and wrote to the change topic.
     */
    public static final String SYNC_INTAKE_CHANGES = "syncmeter.sync.intake.changes";

    /** {@code syncmeter_events_rejected_total{topic,reason}}: malformed records set aside. */
    public static final String EVENTS_REJECTED = "syncmeter.events.rejected";

    /** {@code syncmeter_rgw_sync_behind_shards{zone,source_zone}}: RGW data log shards not yet applied. */
    public static final String RGW_SYNC_BEHIND_SHARDS = "syncmeter.rgw.sync.behind.shards";

    /**
     * {@code syncmeter_rgw_sync_oldest_change_age_seconds{zone,source_zone}}: age of the oldest source
     * data log entry the zone has not applied (0 when no shard is behind).
     */
    public static final String RGW_SYNC_OLDEST_CHANGE_AGE = "syncmeter.rgw.sync.oldest.change.age";

    /** {@code syncmeter_rgw_sync_errors{zone,source_zone}}: fetch and poll errors the zone's gateways report. */
    public static final String RGW_SYNC_ERRORS = "syncmeter.rgw.sync.errors";

    /** {@code syncmeter_rgw_sync_fetch_bytes{zone,source_zone}}: bytes the zone's gateways fetched. */
    public static final String RGW_SYNC_FETCH_BYTES = "syncmeter.rgw.sync.fetch.bytes";

    /** {@code syncmeter_rgw_sync_poll_latency_seconds{zone,source_zone}}: mean time of a data log poll. */
    public static final String RGW_SYNC_POLL_LATENCY = "syncmeter.rgw.sync.poll.latency";

    /** {@code syncmeter_rgw_sync_gateways{zone}}: gateways of the zone running the sync thread (want 1). */
    public static final String RGW_SYNC_GATEWAYS = "syncmeter.rgw.sync.gateways";

    /**
     * {@code syncmeter_rgw_zone_endpoints_without_sync{zone}}: endpoints of the zone in the period (where
     * other zones send their sync requests) served by a gateway that does not run the sync thread (want
     * 0).
     */
    public static final String RGW_ENDPOINTS_WITHOUT_SYNC = "syncmeter.rgw.zone.endpoints.without.sync";

    /** {@code syncmeter_rgw_state_read_errors_total{zone}}: failed reads of RGW sync state. */
    public static final String RGW_STATE_READ_ERRORS = "syncmeter.rgw.state.read.errors";

    /**
     * {@code syncmeter_sla_good_events_total{objective,source_site,target_site}}: good events of an
     * objective decided by this instance (a write-availability series has {@code source_site} = the
     * site and no {@code target_site}).
     */
    public static final String SLA_GOOD_EVENTS = "syncmeter.sla.good.events";

    /** {@code syncmeter_sla_events_total{objective,source_site,target_site}}: all events decided here. */
    public static final String SLA_EVENTS = "syncmeter.sla.events";

    /**
     * {@code syncmeter_sla_compliance_ratio{objective,source_site,target_site}}: good over all events of
     * the objective's period, every instance (NaN without events).
     */
    public static final String SLA_COMPLIANCE = "syncmeter.sla.compliance";

    /**
     * {@code syncmeter_sla_error_budget_remaining_ratio{objective,source_site,target_site}}: share of the
     * period's error budget left, every instance (1 untouched, 0 spent, below 0 overspent).
     */
    public static final String SLA_ERROR_BUDGET_REMAINING = "syncmeter.sla.error.budget.remaining";

    /**
     * {@code syncmeter_sla_burn_rate{objective,source_site,target_site,window}}: the bad share over the
     * window divided by the allowed bad share, every instance.
     */
    public static final String SLA_BURN_RATE = "syncmeter.sla.burn.rate";

    /**
     * {@code syncmeter_sla_threshold_events_total{objective,source_site,target_site,type}}: threshold
     * events of replication objectives ({@code missed-threshold}, {@code replicated-after-threshold},
     * {@code missing}, {@code corrupt}) published by this instance.
     */
    public static final String SLA_THRESHOLD_EVENTS = "syncmeter.sla.threshold.events";

    /** {@code syncmeter_sla_objective_target_ratio{objective,kind}}: the share of good events promised. */
    public static final String SLA_OBJECTIVE_TARGET = "syncmeter.sla.objective.target";

    /** {@code syncmeter_sla_objective_threshold_seconds{objective,kind}}: the lag threshold. */
    public static final String SLA_OBJECTIVE_THRESHOLD = "syncmeter.sla.objective.threshold";

    /** {@code syncmeter_sla_objective_period_seconds{objective,kind}}: the compliance period. */
    public static final String SLA_OBJECTIVE_PERIOD = "syncmeter.sla.objective.period";

    /** Label: an SLA objective's name. */
    public static final String TAG_OBJECTIVE = "objective";

    /** Label: an SLA objective's kind; how a full sync found a key differing. */
    public static final String TAG_KIND = "kind";

    /** Label: the window of a burn rate ({@code 5m}, {@code 1h}, …), from a small configured set. */
    public static final String TAG_WINDOW = "window";

    /** Label: the type of a threshold event. */
    public static final String TAG_TYPE = "type";

    /**
     * {@code syncmeter_probe_deletes_total{site,reason,outcome}}: probe objects lifecycle deleted ({@link
     * #OUTCOME_OK}), failed to delete ({@link #OUTCOME_ERROR}) or did not queue for deletion because
     * the queue was full ({@link #OUTCOME_SKIPPED}, resolved only); reason {@link #REASON_RESOLVED} or
     * {@link #REASON_RETENTION}.
     */
    public static final String PROBE_DELETES = "syncmeter.probe.deletes";

    /** {@code syncmeter_probe_pending_deletions}: resolved probes waiting for their deletion time. */
    public static final String PROBE_PENDING_DELETIONS = "syncmeter.probe.pending.deletions";

    /**
     * {@code syncmeter_probe_stored_objects{site}}: probe objects the site holds, counted by the last
     * retention sweep that listed all of them (NaN before the first).
     */
    public static final String PROBE_STORED_OBJECTS = "syncmeter.probe.stored.objects";

    /**
     * {@code syncmeter_probe_sweeps_total{site,outcome}}: retention sweeps, {@link #OUTCOME_COMPLETE},
     * {@link #OUTCOME_PARTIAL} (stopped at a bound; the next sweep goes on) or {@link #OUTCOME_ERROR}.
     */
    public static final String PROBE_SWEEPS = "syncmeter.probe.sweeps";

    /**
     * {@code syncmeter_probe_bucket_rule{site,state}}: 1 for the state the probe expiration rule of the
     * site's bucket is in ({@link #STATE_INSTALLED}, {@link #STATE_UNSUPPORTED}, {@link #STATE_ERROR},
     * {@link #STATE_OFF}), 0 for the others.
     */
    public static final String PROBE_BUCKET_RULE = "syncmeter.probe.bucket.rule";

    /** Label: an RGW zone. */
    public static final String TAG_ZONE = "zone";

    /** Label: the RGW zone a zone syncs from. */
    public static final String TAG_SOURCE_ZONE = "source_zone";

    /** Label: the site a probe is written to or a request is sent to. */
    public static final String TAG_SITE = "site";

    /** Label: the site an object was written to. */
    public static final String TAG_SOURCE_SITE = "source_site";

    /** Label: the site an object is replicated to. */
    public static final String TAG_TARGET_SITE = "target_site";

    /** Label: the result of an operation, from a small fixed set per metric. */
    public static final String TAG_OUTCOME = "outcome";

    /** Label: a Kafka topic. */
    public static final String TAG_TOPIC = "topic";

    /** Label: why a record was rejected, from a small fixed set. */
    public static final String TAG_REASON = "reason";

    /** Label: a state, from a small fixed set per metric. */
    public static final String TAG_STATE = "state";

    /** Probe write outcome: PUT acknowledged and event published. */
    public static final String OUTCOME_OK = "ok";

    /** Probe write outcome: the PUT failed. */
    public static final String OUTCOME_ERROR = "error";

    /** Probe write outcome: the slot came while too many PUTs were in flight; nothing was sent. */
    public static final String OUTCOME_SKIPPED = "skipped";

    /** Probe write outcome: the PUT succeeded but the event could not be published. */
    public static final String OUTCOME_UNPUBLISHED = "unpublished";

    /** Probe deletion reason: the probe was seen intact at every target. */
    public static final String REASON_RESOLVED = "resolved";

    /** Probe deletion reason: the probe was older than the retention. */
    public static final String REASON_RETENTION = "retention";

    /** Sweep outcome: every origin listed to its end. */
    public static final String OUTCOME_COMPLETE = "complete";

    /** Sweep outcome: stopped at its bound (or at shutdown); the next sweep goes on. */
    public static final String OUTCOME_PARTIAL = "partial";

    /** Bucket rule state: our rule is in the bucket's lifecycle configuration. */
    public static final String STATE_INSTALLED = "installed";

    /** Bucket rule state: the backend does not implement lifecycle configuration. */
    public static final String STATE_UNSUPPORTED = "unsupported";

    /** Bucket rule state: the last attempt failed; retried at the next sweep. */
    public static final String STATE_ERROR = "error";

    /** Bucket rule state: not installed here by configuration. */
    public static final String STATE_OFF = "off";
}

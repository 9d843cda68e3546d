package io.syncmeter.rgw;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.syncmeter.metrics.MetricNames;
import io.syncmeter.rgw.internal.AdminSocket;
import io.syncmeter.rgw.internal.DataSyncState;
import io.syncmeter.rgw.internal.RgwAdminClient;
import io.syncmeter.rgw.internal.ZoneEndpoints;
import io.syncmeter.site.Site;
import io.syncmeter.site.SiteRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Reads Ceph RGW multisite sync state and exports it beside the black-box lag: per zone and source
 * zone, data log shards behind and the age of the oldest change not applied (admin REST API), and,
 * where admin sockets are configured, the gateways' sync counters, how many gateways of each zone
 * run the sync thread (the topology guard: more than one makes them contend for the shards' leases)
 * and how many of the zone's period endpoints are served by a gateway without it.
 *
 * <p>Lifecycle: validated and started on {@link StartupEvent} when {@code syncmeter.rgw.enabled};
 * polls on its own thread until {@link ShutdownEvent}. Gauges read values the poll thread publishes.
 */
@ApplicationScoped
public class RgwSyncMonitor {

    private static final Logger LOG = Logger.getLogger(RgwSyncMonitor.class);

    private final RgwConfig config;
    private final SiteRegistry sites;
    private final MeterRegistry registry;
    private final Map<String, RgwAdminClient> clients = new LinkedHashMap<>();
    private final Map<String, List<AdminSocket>> sockets = new LinkedHashMap<>();
    private final Map<String, Double> values = new ConcurrentHashMap<>();
    private final Map<String, Counter> readErrors = new HashMap<>();
    private final Map<String, Long> consecutiveFailures = new HashMap<>();
    // per zone, the endpoints last found served without the sync thread (to log changes only)
    private final Map<String, List<String>> endpointsWithoutSync = new HashMap<>();
    private ScheduledExecutorService scheduler;

    @Inject
    public RgwSyncMonitor(RgwConfig config, SiteRegistry sites, MeterRegistry registry) {
        this.config = config;
        this.sites = sites;
        this.registry = registry;
    }

    synchronized void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        String accessKey = config.accessKey().orElseGet(() -> System.getenv(config.accessKeyEnv()));
        String secretKey = config.secretKey().orElseGet(() -> System.getenv(config.secretKeyEnv()));
        if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("syncmeter.rgw.access-key: the RGW admin API needs the keys of a user"
                    + " with datalog and zone read caps: set syncmeter.rgw.access-key and .secret-key, or the"
                    + " environment variables " + config.accessKeyEnv() + " and " + config.secretKeyEnv());
        }
        if (config.zones().size() < 2) {
            throw new IllegalArgumentException(
                    "syncmeter.rgw.zones: name at least two zones (syncmeter.rgw.zones.<zone>.admin-endpoint)");
        }
        config.zones().forEach((zone, z) -> {
            URI endpoint = z.adminEndpoint()
                    .or(() -> sites.find(zone).flatMap(Site::endpoint))
                    .orElseThrow(() -> new IllegalArgumentException("syncmeter.rgw.zones." + zone
                            + ".admin-endpoint: not set, and no site named '" + zone + "' has an endpoint"));
            clients.put(
                    zone, new RgwAdminClient(endpoint, accessKey, secretKey, config.region(), config.requestTimeout()));
            sockets.put(
                    zone,
                    z.adminSockets().orElse(List.of()).stream()
                            .map(s -> new AdminSocket(config.cephCommand(), s, config.requestTimeout()))
                            .toList());
            readErrors.put(
                    zone,
                    Counter.builder(MetricNames.RGW_STATE_READ_ERRORS)
                            .tag(MetricNames.TAG_ZONE, zone)
                            .description("Failed reads of RGW sync state")
                            .register(registry));
        });
        registerGauges();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rgw-sync-state");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::poll, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("RGW sync state: zones %s, every %s", clients.keySet(), config.pollInterval());
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdown();
        }
    }

    private void registerGauges() {
        for (String zone : clients.keySet()) {
            for (String source : clients.keySet()) {
                if (zone.equals(source)) {
                    continue;
                }
                pairGauge(MetricNames.RGW_SYNC_BEHIND_SHARDS, null, zone, source, "Data log shards not yet applied");
                pairGauge(
                        MetricNames.RGW_SYNC_OLDEST_CHANGE_AGE,
                        "seconds",
                        zone,
                        source,
                        "Age of the oldest source change not applied");
                if (!sockets.get(zone).isEmpty()) {
                    pairGauge(MetricNames.RGW_SYNC_ERRORS, null, zone, source, "Fetch and poll errors of the gateways");
                    pairGauge(MetricNames.RGW_SYNC_FETCH_BYTES, "bytes", zone, source, "Bytes fetched by the gateways");
                    pairGauge(MetricNames.RGW_SYNC_POLL_LATENCY, "seconds", zone, source, "Mean data log poll time");
                }
            }
            if (!sockets.get(zone).isEmpty()) {
                String key = key(MetricNames.RGW_SYNC_GATEWAYS, zone, "");
                Gauge.builder(MetricNames.RGW_SYNC_GATEWAYS, values, v -> v.getOrDefault(key, Double.NaN))
                        .tag(MetricNames.TAG_ZONE, zone)
                        .description("Gateways of the zone running the sync thread; more than one contend for leases")
                        .register(registry);
                String without = key(MetricNames.RGW_ENDPOINTS_WITHOUT_SYNC, zone, "");
                Gauge.builder(MetricNames.RGW_ENDPOINTS_WITHOUT_SYNC, values, v -> v.getOrDefault(without, Double.NaN))
                        .tag(MetricNames.TAG_ZONE, zone)
                        .description("Period endpoints of the zone served by gateways without the sync thread")
                        .register(registry);
            }
        }
    }

    private void pairGauge(String name, String unit, String zone, String source, String description) {
        String key = key(name, zone, source);
        Gauge.Builder<Map<String, Double>> b = Gauge.builder(name, values, v -> v.getOrDefault(key, Double.NaN))
                .tag(MetricNames.TAG_ZONE, zone)
                .tag(MetricNames.TAG_SOURCE_ZONE, source)
                .description(description);
        if (unit != null) {
            b.baseUnit(unit);
        }
        b.register(registry);
    }

    private static String key(String metric, String zone, String source) {
        return metric + "|" + zone + "|" + source;
    }

    /** One read of every zone's state. Runs on the monitor's thread. */
    void poll() {
        Map<String, String> zoneIds;
        Period period;
        try {
            period = period();
            zoneIds = period.ids();
        } catch (Exception e) {
            LOG.warnf("Reading the RGW period failed: %s", e.toString());
            readErrors.values().forEach(Counter::increment);
            return;
        }
        for (String zone : clients.keySet()) {
            for (String source : clients.keySet()) {
                if (!zone.equals(source)) {
                    readDataSync(zone, source, zoneIds);
                }
            }
            readGateways(zone, period.endpoints().getOrDefault(zone, List.of()));
        }
    }

    /** The zones of the period: their ids and their endpoints, by name. */
    private record Period(Map<String, String> ids, Map<String, List<String>> endpoints) {}

    private Period period() throws Exception {
        Exception last = null;
        for (RgwAdminClient c : clients.values()) {
            try {
                JsonNode period = c.get("/admin/realm/period", Map.of());
                Map<String, String> ids = new HashMap<>();
                Map<String, List<String>> endpoints = new HashMap<>();
                for (JsonNode zg : period.path("period_map").path("zonegroups")) {
                    for (JsonNode z : zg.path("zones")) {
                        ids.put(z.path("name").asText(), z.path("id").asText());
                        List<String> eps = new ArrayList<>();
                        z.path("endpoints").forEach(e -> eps.add(e.asText()));
                        endpoints.put(z.path("name").asText(), List.copyOf(eps));
                    }
                }
                return new Period(ids, endpoints);
            } catch (Exception e) {
                last = e; // another zone may still answer
            }
        }
        throw last;
    }

    private void readDataSync(String zone, String source, Map<String, String> zoneIds) {
        try {
            String sourceId = zoneIds.get(source);
            if (sourceId == null) {
                throw new IllegalStateException("the period has no zone named " + source);
            }
            RgwAdminClient target = clients.get(zone);
            RgwAdminClient origin = clients.get(source);
            JsonNode status = target.get("/admin/log/", params("type", "data", "status", "", "source-zone", sourceId));
            Map<Integer, String> applied = DataSyncState.appliedMarkers(status);
            Map<Integer, String> sourceMarkers = new HashMap<>();
            int shards = Math.max(DataSyncState.numShards(status), applied.size());
            for (int shard = 0; shard < shards; shard++) {
                JsonNode info =
                        origin.get("/admin/log/", params("type", "data", "id", Integer.toString(shard), "info", ""));
                sourceMarkers.put(shard, info.path("marker").asText(""));
            }
            List<Integer> behind = DataSyncState.behind(applied, sourceMarkers);
            Optional<Instant> oldest = Optional.empty();
            for (int shard : behind) {
                JsonNode next = origin.get(
                        "/admin/log/",
                        params(
                                "type",
                                "data",
                                "id",
                                Integer.toString(shard),
                                "marker",
                                applied.getOrDefault(shard, ""),
                                "max-entries",
                                "1"));
                Optional<Instant> t = DataSyncState.firstEntryTime(next);
                if (t.isPresent() && (oldest.isEmpty() || t.get().isBefore(oldest.get()))) {
                    oldest = t;
                }
            }
            DataSyncState state = DataSyncState.of(status, behind.size(), oldest, Instant.now());
            values.put(key(MetricNames.RGW_SYNC_BEHIND_SHARDS, zone, source), (double) state.shardsBehind());
            values.put(
                    key(MetricNames.RGW_SYNC_OLDEST_CHANGE_AGE, zone, source),
                    state.oldestChangeAge().map(d -> d.toNanos() / 1e9).orElse(0d));
            Long failed = consecutiveFailures.remove(zone + "<-" + source);
            if (failed != null) {
                LOG.infof("Reading data sync state of %s from %s works again after %d failures", zone, source, failed);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            readErrors.get(zone).increment();
            // a stopped gateway fails every poll: say so once, then every hundred polls
            long n = consecutiveFailures.merge(zone + "<-" + source, 1L, Long::sum);
            if (n % 100 == 1) {
                LOG.warnf("Reading data sync state of %s from %s failed (%d in a row): %s", zone, source, n, e);
            }
        }
    }

    private void readGateways(String zone, List<String> endpoints) {
        List<AdminSocket> gateways = sockets.get(zone);
        if (gateways.isEmpty()) {
            return;
        }
        int syncing = 0;
        Map<String, AdminSocket.SyncCounters> sums = new HashMap<>();
        List<ZoneEndpoints.Gateway> described = new ArrayList<>();
        boolean failed = false;
        for (AdminSocket gateway : gateways) {
            try {
                boolean runsSync = gateway.runsSyncThread();
                if (runsSync) {
                    syncing++;
                }
                described.add(new ZoneEndpoints.Gateway(gateway.frontends(), runsSync));
                JsonNode perf = gateway.command("perf", "dump");
                for (String source : clients.keySet()) {
                    if (!source.equals(zone)) {
                        sums.merge(source, AdminSocket.syncCounters(perf, source), RgwSyncMonitor::add);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // a stopped gateway runs no sync: count what answers, and say that one did not
                failed = true;
                LOG.debugf("Admin socket %s did not answer: %s", gateway.socket(), e.toString());
            }
        }
        if (failed) {
            readErrors.get(zone).increment();
        }
        values.put(key(MetricNames.RGW_SYNC_GATEWAYS, zone, ""), (double) syncing);
        List<String> withoutSync = ZoneEndpoints.withoutSync(endpoints, described);
        values.put(key(MetricNames.RGW_ENDPOINTS_WITHOUT_SYNC, zone, ""), (double) withoutSync.size());
        if (!withoutSync.equals(endpointsWithoutSync.put(zone, withoutSync)) && !withoutSync.isEmpty()) {
            LOG.warnf(
                    "Zone %s: endpoints %s of the period are served by gateways that do not run the sync thread;"
                            + " other zones send their sync requests there (point the zone's endpoints at the"
                            + " gateways that sync)",
                    zone, withoutSync);
        }
        sums.forEach((source, c) -> {
            values.put(key(MetricNames.RGW_SYNC_ERRORS, zone, source), (double) (c.fetchErrors() + c.pollErrors()));
            values.put(key(MetricNames.RGW_SYNC_FETCH_BYTES, zone, source), (double) c.fetchBytes());
            values.put(
                    key(MetricNames.RGW_SYNC_POLL_LATENCY, zone, source),
                    c.polls() == 0 ? 0d : c.pollSeconds() / c.polls());
        });
    }

    private static AdminSocket.SyncCounters add(AdminSocket.SyncCounters a, AdminSocket.SyncCounters b) {
        return new AdminSocket.SyncCounters(
                a.present() || b.present(),
                a.fetchBytes() + b.fetchBytes(),
                a.fetchErrors() + b.fetchErrors(),
                a.pollErrors() + b.pollErrors(),
                a.polls() + b.polls(),
                a.pollSeconds() + b.pollSeconds());
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put(kv[i], kv[i + 1]);
        }
        return out;
    }

    /** The zones watched, for status reporting. */
    public List<String> zones() {
        return new ArrayList<>(clients.keySet());
    }
}

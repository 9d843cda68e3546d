package io.syncmeter.rgw;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reading Ceph RGW multisite sync state beside the black-box lag ({@code syncmeter.rgw.*}). Shards
 * behind and the age of the oldest change not yet applied come from the RGW admin REST API (any
 * gateway of each zone, signed with a user holding the {@code datalog} and {@code zone} read caps,
 * such as the multisite system user). Per-gateway sync counters and whether each gateway runs the
 * sync thread come from the gateways' admin sockets, where syncmeter runs beside them.
 */
@ConfigMapping(prefix = "syncmeter.rgw")
public interface RgwConfig {

    /** Whether to read RGW sync state. */
    @WithDefault("false")
    boolean enabled();

    /** How often sync state is read. */
    @WithDefault("15s")
    Duration pollInterval();

    /** Time allowed for one admin request or admin-socket command. */
    @WithDefault("10s")
    Duration requestTimeout();

    /** Access key of the admin API user; when absent, {@link #accessKeyEnv()}. */
    Optional<String> accessKey();

    /** Secret key of the admin API user; when absent, {@link #secretKeyEnv()}. */
    Optional<String> secretKey();

    /** Environment variable holding the admin API access key. */
    @WithDefault("RGW_SYSTEM_ACCESS_KEY")
    String accessKeyEnv();

    /** Environment variable holding the admin API secret key. */
    @WithDefault("RGW_SYSTEM_SECRET_KEY")
    String secretKeyEnv();

    /** Signing region of the admin API (RGW accepts any; the zonegroup's api_name if it checks). */
    @WithDefault("us-east-1")
    String region();

    /** The command that talks to admin sockets: {@code <ceph-command> --admin-daemon <asok> ...}. */
    @WithDefault("ceph")
    String cephCommand();

    /** The zones to watch, by RGW zone name. */
    Map<String, Zone> zones();

    /** One zone. */
    interface Zone {
        /** A gateway of the zone for admin requests; absent means the endpoint of the site of that name. */
        Optional<URI> adminEndpoint();

        /** Admin sockets of the zone's gateways (local deployments); absent means no per-gateway figures. */
        Optional<List<String>> adminSockets();
    }
}

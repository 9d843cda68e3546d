package io.syncmeter.embedded;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The zero-configuration default: an in-process Kafka broker and in-process S3 sites on loopback.
 * Each part is on by default only while its external counterpart is not configured.
 */
@ConfigMapping(prefix = "syncmeter.embedded")
public interface EmbeddedConfig {

    /** The in-process Kafka broker: {@code auto} starts it unless {@code kafka.bootstrap.servers} is set. */
    @WithDefault("auto")
    Mode kafka();

    /** The loopback port of the in-process broker. */
    @WithDefault("19092")
    int kafkaPort();

    /** Partitions of topics the in-process broker creates on first use. */
    @WithDefault("4")
    int kafkaPartitions();

    /**
     * Extra properties of the in-process broker by broker key ({@code
     * syncmeter.embedded.kafka-config.log.retention.hours=6}); those the stack owns (listeners, node
     * id, roles, log directories, single-node replication) are refused.
     */
    Map<String, String> kafkaConfig();

    /** The in-process S3 sites: {@code auto} starts them unless a {@code syncmeter.sites.*} site is set. */
    @WithDefault("auto")
    Mode sites();

    /** Names of the in-process sites. */
    @WithDefault("dc1,dc2")
    List<String> siteNames();

    /** Loopback port of the first in-process site; the next ones follow; 0 picks free ports. */
    @WithDefault("19000")
    int s3BasePort();

    /** The bucket created in each in-process site. */
    @WithDefault("syncmeter")
    String bucket();

    /** Access key of the in-process sites. */
    @WithDefault("syncmeter")
    String accessKey();

    /** Secret key of the in-process sites. */
    @WithDefault("syncmeter-secret")
    String secretKey();

    /** Kafka topic the in-process sites send their S3 event notifications to (the sync engine's input). */
    @WithDefault("syncmeter.changes")
    String notificationsTopic();

    /**
     * Whether the in-process sites honour conditional writes ({@code If-None-Match: *} and {@code
     * If-Match} on PUT) as AWS S3, MinIO and Ceph RGW do; off, they ignore both headers as S3Proxy does.
     */
    @WithDefault("true")
    boolean conditionalWrites();

    /**
     * Where the broker and the sites keep their data (the sites' objects are always files, never on
     * the heap); absent means a temporary directory removed at exit.
     */
    Optional<Path> dataDir();

    /** Whether an embedded part runs. */
    enum Mode {
        /** Runs when its external counterpart is not configured. */
        AUTO,
        /** Always runs. */
        ON,
        /** Never runs. */
        OFF
    }
}

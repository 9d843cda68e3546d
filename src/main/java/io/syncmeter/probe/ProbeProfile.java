package io.syncmeter.probe;

import java.time.Duration;
import java.util.List;

/**
 * A probe profile from {@code probes/<name>.yaml}: how fast and how large probes are written, where
 * their keys live, and the thresholds that classify them.
 *
 * @param name the profile name
 * @param description what it is for
 * @param ratePerSecond probes per second per writing site
 * @param objectSizes body sizes in bytes, used in turn
 * @param keyPrefix the key prefix all probe keys share (no leading or trailing '/')
 * @param late replication slower than this is counted late
 * @param giveUp a probe not seen within this is counted missing
 */
public record ProbeProfile(
        String name,
        String description,
        double ratePerSecond,
        List<Integer> objectSizes,
        String keyPrefix,
        Duration late,
        Duration giveUp) {

    /** The smallest body: room for the header line that makes a probe self-describing. */
    public static final int MIN_OBJECT_SIZE = 128;

    /** The largest body: probes are small by design; throughput runs belong to benchmarks. */
    public static final int MAX_OBJECT_SIZE = 64 * 1024 * 1024;

    public ProbeProfile {
        objectSizes = List.copyOf(objectSizes);
    }

    /** The body size of the probe with that sequence number. */
    public int sizeOf(long sequence) {
        return objectSizes.get((int) Math.floorMod(sequence, (long) objectSizes.size()));
    }

    /** The same profile with another rate. */
    public ProbeProfile withRate(double rate) {
        return new ProbeProfile(name, description, rate, objectSizes, keyPrefix, late, giveUp);
    }
}

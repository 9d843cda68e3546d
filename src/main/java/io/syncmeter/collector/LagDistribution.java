package io.syncmeter.collector;

/**
 * Percentiles of a lag distribution in seconds (null when it has no sample).
 *
 * @param count samples
 */
public record LagDistribution(long count, Double p50, Double p90, Double p99, Double p999, Double max) {}

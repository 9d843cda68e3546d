package io.syncmeter.rgw.lint;

/**
 * One problem the topology lint found.
 *
 * @param severity error or warning
 * @param rule the rule (its kebab-case id in JSON)
 * @param resource the resource to change
 * @param zone the multisite zone concerned (in the resource's namespace), null for realm and zone
 *     group findings
 * @param reason what is wrong and what it does to replication
 * @param fix what to change
 * @param source where the resource was read ({@code file:line}), null when unknown
 */
public record Finding(
        Severity severity, Rule rule, ResourceRef resource, String zone, String reason, String fix, String source) {}

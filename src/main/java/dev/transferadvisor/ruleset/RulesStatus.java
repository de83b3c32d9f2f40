package dev.transferadvisor.ruleset;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What is serving now (API.md §3): version, files, rules with their fire counts, and the last reload. */
public record RulesStatus(String version, Instant loadedAt, String directory, List<RuleFile> files, List<RuleView> rules,
        ReloadReport lastReload) {

    /** A rule as authors see it: id, where it is written, its metadata, how often it fired since start. */
    public record RuleView(String id, String file, int line, Map<String, Object> metadata, long firedCount) {
    }
}

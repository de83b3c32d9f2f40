package dev.transferadvisor.scenario;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.transferadvisor.ruleset.RuleInfo;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.ruleset.TraceEntry;

/**
 * Which rules the scenarios exercise: for each rule of a ruleset, how many scenarios fired it, and
 * whether it fires on the reference data alone (once per version, in its resident trace). The rules
 * that fire in neither way are untested guidance, which the coverage gate and {@code check} report.
 */
public record RuleCoverage(List<Row> rows) {

    /**
     * One rule: where it is written, how many scenarios fired it at least once, and how often it fired
     * on the reference data when the version was built.
     */
    public record Row(String rule, String file, int line, int scenarios, int resident) {

        public boolean fired() {
            return scenarios > 0 || resident > 0;
        }
    }

    public static RuleCoverage of(Ruleset ruleset, Collection<ScenarioResult> results) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ScenarioResult result : results) {
            if (result.diagnosis() == null) {
                continue;
            }
            Set<String> fired = new TreeSet<>();
            for (TraceEntry entry : result.diagnosis().trace()) {
                fired.add(entry.rule());
            }
            fired.forEach(rule -> counts.merge(rule, 1, Integer::sum));
        }
        Map<String, Integer> resident = new LinkedHashMap<>();
        ruleset.residentTrace().forEach(entry -> resident.merge(entry.rule(), 1, Integer::sum));
        List<Row> rows = ruleset.rules().stream()
                .map((RuleInfo r) -> new Row(r.id(), r.file(), r.line(), counts.getOrDefault(r.id(), 0),
                        resident.getOrDefault(r.id(), 0)))
                .toList();
        return new RuleCoverage(rows);
    }

    public List<Row> unfired() {
        return rows.stream().filter(r -> !r.fired()).toList();
    }

    /** Share of rules fired by at least one scenario, 0..100. */
    public double percent() {
        return rows.isEmpty() ? 100 : 100.0 * (rows.size() - unfired().size()) / rows.size();
    }
}

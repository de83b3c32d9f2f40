package dev.transferadvisor.workbench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import dev.transferadvisor.advice.Diagnosis;

/**
 * What a user of a diagnosis notices, reduced for comparison: the strategy, each alternative's verdict,
 * the findings by code and severity (a multiset, sorted), and the set of rules that fired.
 */
record Answer(String strategy, Map<String, String> verdicts, List<String> findings, Set<String> fired) {

    /** From the diagnosis as recorded in an audit export; tolerant of fields it does not know. */
    static Answer of(JsonNode diagnosis) {
        JsonNode recommendation = diagnosis.path("recommendation");
        JsonNode strategy = recommendation.path("strategy");
        Map<String, String> verdicts = new TreeMap<>();
        recommendation.path("alternatives").forEach(a -> verdicts.put(a.path("strategy").asText(), a.path("verdict").asText()));
        List<String> findings = new ArrayList<>();
        diagnosis.path("findings").forEach(f -> findings.add(finding(f.path("code").asText(), f.path("severity").asText())));
        findings.sort(null);
        Set<String> fired = new TreeSet<>();
        diagnosis.path("trace").forEach(t -> fired.add(t.path("rule").asText()));
        return new Answer(strategy.isNull() || strategy.isMissingNode() ? null : strategy.asText(), verdicts, findings, fired);
    }

    static Answer of(Diagnosis diagnosis) {
        var recommendation = diagnosis.recommendation();
        Map<String, String> verdicts = new TreeMap<>();
        recommendation.alternatives().forEach(a -> verdicts.put(a.strategy().name(), a.verdict().name()));
        List<String> findings = new ArrayList<>();
        diagnosis.findings().forEach(f -> findings.add(finding(f.code(), f.severity().name())));
        findings.sort(null);
        Set<String> fired = new TreeSet<>();
        diagnosis.trace().forEach(t -> fired.add(t.rule()));
        return new Answer(recommendation.strategy() == null ? null : recommendation.strategy().name(), verdicts, findings, fired);
    }

    /** The same answer with these rules left out of the fired set. */
    Answer without(Set<String> rules) {
        Set<String> rest = new TreeSet<>(fired);
        rest.removeAll(rules);
        return new Answer(strategy, verdicts, findings, rest);
    }

    private static String finding(String code, String severity) {
        return code + " (" + severity + ")";
    }
}

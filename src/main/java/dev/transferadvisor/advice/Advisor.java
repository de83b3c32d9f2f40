package dev.transferadvisor.advice;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.transferadvisor.advice.Diagnosis.Alternative;
import dev.transferadvisor.advice.Diagnosis.FindingView;
import dev.transferadvisor.advice.Diagnosis.RecommendationView;
import dev.transferadvisor.ruleset.Evaluation;
import dev.transferadvisor.ruleset.Produced;

/**
 * Translates between a case and the rule engine, without CDI so the service, the scenario runner and
 * the command line share it: the case becomes facts, and what the rules inserted becomes a diagnosis.
 * It decides nothing itself: every word of the answer comes from the rules.
 */
public final class Advisor {

    private static final String UNASSESSED = "no rule assessed this strategy for this case";

    private Advisor() {
    }

    /** The facts a case inserts: each present part of the case, its preprocessing pipelines, distributions and attributes. */
    public static List<Object> facts(TransferCase c) {
        List<Object> facts = new ArrayList<>();
        facts.add(c.source());
        facts.add(c.target());
        if (c.plan() != null) {
            facts.add(c.plan());
            if (c.plan().preprocessing() != null) {
                facts.add(Preprocessing.of(Role.PLAN, c.plan().preprocessing()));
            }
        }
        if (c.evidence() != null) {
            facts.add(c.evidence());
            if (c.evidence().targetScores() != null) {
                facts.add(c.evidence().targetScores());
            }
        }
        if (c.source().preprocessing() != null) {
            facts.add(Preprocessing.of(Role.SOURCE, c.source().preprocessing()));
        }
        addDistribution(facts, Role.SOURCE, c.source().labelDistribution());
        addDistribution(facts, Role.TARGET, c.target().labelDistribution());
        addDistribution(facts, Role.DEPLOYMENT, c.target().deploymentLabelDistribution());
        if (c.attributes() != null) {
            c.attributes().forEach((name, value) -> facts.add(new Attribute(name, value)));
        }
        return facts;
    }

    private static void addDistribution(List<Object> facts, Role role, Map<String, Double> raw) {
        if (raw != null && !raw.isEmpty()) {
            facts.add(LabelDistribution.normalised(role, raw));
        }
    }

    /** Builds the answer from an evaluation; id, reference and time are the caller's. */
    public static Diagnosis diagnosis(Evaluation evaluation, String id, String reference, Instant at) {
        return new Diagnosis(id, reference, evaluation.rulesetVersion(), at, recommendation(evaluation),
                findings(evaluation), evaluation.trace());
    }

    private static List<FindingView> findings(Evaluation evaluation) {
        List<FindingView> findings = new ArrayList<>();
        for (Produced produced : evaluation.of(Finding.class)) {
            Finding f = (Finding) produced.fact();
            findings.add(new FindingView(f.code(), f.severity() == null ? Severity.INFO : f.severity(), f.title(),
                    f.evidence(), f.remediation(), produced.rule()));
        }
        // highest severity first; within one severity, stable by code so answers compare cleanly
        findings.sort(Comparator.comparing(FindingView::severity).reversed()
                .thenComparing(FindingView::code, Comparator.nullsLast(Comparator.naturalOrder())));
        return List.copyOf(findings);
    }

    /**
     * Each strategy's verdict is the most severe any rule gave it, with the reasons given at that level.
     * The recommended strategy is the one the rules' {@link Recommendation} names.
     */
    private static RecommendationView recommendation(Evaluation evaluation) {
        Map<Strategy, VerdictLevel> levels = new EnumMap<>(Strategy.class);
        Map<Strategy, Set<String>> reasons = new EnumMap<>(Strategy.class);
        for (Produced produced : evaluation.of(Verdict.class)) {
            Verdict v = (Verdict) produced.fact();
            if (v.strategy() == null || v.level() == null) {
                continue;
            }
            VerdictLevel current = levels.get(v.strategy());
            if (current == null || v.level().compareTo(current) > 0) {
                levels.put(v.strategy(), v.level());
                reasons.put(v.strategy(), new LinkedHashSet<>());
            }
            if (v.level() == levels.get(v.strategy()) && v.reason() != null) {
                reasons.get(v.strategy()).add(v.reason());
            }
        }

        Strategy chosen = null;
        List<String> rationale = new ArrayList<>();
        for (Produced produced : evaluation.of(Recommendation.class)) {
            Recommendation r = (Recommendation) produced.fact();
            if (chosen == null && r.strategy() != null) {
                chosen = r.strategy();
            }
            if (r.reason() != null && (r.strategy() == null || r.strategy() == chosen)) {
                rationale.add(r.reason());
            }
        }
        if (chosen != null) {
            for (String reason : reasons.getOrDefault(chosen, Set.of())) {
                if (!rationale.contains(reason)) {
                    rationale.add(reason);
                }
            }
        }

        List<Alternative> alternatives = new ArrayList<>();
        for (Strategy strategy : Strategy.values()) {
            if (strategy == chosen) {
                continue;
            }
            VerdictLevel level = levels.getOrDefault(strategy, VerdictLevel.VIABLE);
            List<String> why = reasons.containsKey(strategy) ? List.copyOf(reasons.get(strategy)) : List.of(UNASSESSED);
            // a RECOMMENDED verdict on a strategy that was not chosen reads as VIABLE in the answer
            alternatives.add(new Alternative(strategy, level == VerdictLevel.RECOMMENDED ? VerdictLevel.VIABLE : level, why));
        }
        alternatives.sort(Comparator.comparing(Alternative::verdict));
        return new RecommendationView(chosen, List.copyOf(rationale), List.copyOf(alternatives));
    }
}

package dev.transferadvisor.console;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.transferadvisor.advice.Diagnosis;
import dev.transferadvisor.ruleset.Ruleset;

/**
 * One answer as the console shows it (template {@code console/tags/answer.html}): the recommendation and every
 * strategy's verdict with its reasons, the findings by severity, and the fired-rule chain as a graph and a tree.
 * Used by the diagnose page and by the audit record page alike.
 */
public record AnswerView(Diagnosis diagnosis, List<VerdictRow> verdicts, List<FindingCard> findings, TraceGraph graph,
        String auditHref) {

    /** A row of the verdict table; the recommended strategy first. */
    public record VerdictRow(String strategy, String verdict, List<String> reasons, boolean recommended) {
    }

    /** A finding with the anchor the graph links to and a link to the rule that reported it. */
    public record FindingCard(String anchor, Diagnosis.FindingView finding, String ruleHref) {
    }

    /**
     * {@code where} gives a rule's {@code file:line} as it stood for this answer (null when unknown), {@code href}
     * the link that opens a rule's source; {@code auditHref} is the answer's audit record, or null.
     */
    public static AnswerView of(Diagnosis diagnosis, Function<String, String> where, Function<String, String> href,
            String auditHref) {
        List<VerdictRow> verdicts = new ArrayList<>();
        Diagnosis.RecommendationView recommendation = diagnosis.recommendation();
        if (recommendation != null) {
            if (recommendation.strategy() != null) {
                verdicts.add(new VerdictRow(recommendation.strategy().name(), "RECOMMENDED", recommendation.rationale(), true));
            }
            for (Diagnosis.Alternative alternative : recommendation.alternatives()) {
                verdicts.add(new VerdictRow(alternative.strategy().name(), alternative.verdict().name(), alternative.reasons(),
                        false));
            }
        }
        List<FindingCard> findings = new ArrayList<>();
        for (int i = 0; i < diagnosis.findings().size(); i++) {
            Diagnosis.FindingView finding = diagnosis.findings().get(i);
            findings.add(new FindingCard("finding-" + i, finding, href.apply(finding.rule())));
        }
        return new AnswerView(diagnosis, verdicts, findings, TraceGraph.of(diagnosis, where, href), auditHref);
    }

    /** The recommended strategy's name, or null when no strategy is viable. */
    public String recommended() {
        return diagnosis.recommendation() == null || diagnosis.recommendation().strategy() == null ? null
                : diagnosis.recommendation().strategy().name();
    }

    public List<String> rationale() {
        return diagnosis.recommendation() == null ? List.of() : diagnosis.recommendation().rationale();
    }

    /** The ruleset version's first 12 hex digits, as the pages show it (the whole in a tooltip). */
    public String shortVersion() {
        return Ruleset.shortVersion(diagnosis.rulesetVersion());
    }

    public int firings() {
        return diagnosis.trace() == null ? 0 : diagnosis.trace().size();
    }
}

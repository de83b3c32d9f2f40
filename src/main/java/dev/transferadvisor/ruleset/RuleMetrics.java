package dev.transferadvisor.ruleset;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.transferadvisor.ruleset.ReloadReport.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Prometheus counters at {@code /q/metrics}: {@code advisor_rule_fired_total{rule}} per rule firing and
 * {@code advisor_rules_reloads_total{outcome}} per reload. Every rule of an applied ruleset is
 * registered at zero, so a rule production never uses shows as a flat 0 rather than as no series.
 */
@ApplicationScoped
public class RuleMetrics {

    static final String FIRED = "advisor.rule.fired";
    static final String RELOADS = "advisor.rules.reloads";

    @Inject
    MeterRegistry registry;

    private final Map<String, Counter> fired = new ConcurrentHashMap<>();

    void fired(Evaluation evaluation) {
        evaluation.trace().forEach(entry -> counter(entry.rule()).increment());
    }

    void onReload(@Observes ReloadReport report) {
        for (Outcome outcome : Outcome.values()) {
            reloads(outcome); // all three outcomes exist from the first reload on, so rates and alerts see zeros
        }
        reloads(report.outcome()).increment();
    }

    /** Registers the rules of a newly applied ruleset, at zero when they are new. */
    void applied(Ruleset ruleset) {
        ruleset.rules().forEach(rule -> counter(rule.id()));
    }

    private Counter counter(String ruleId) {
        return fired.computeIfAbsent(ruleId, id -> Counter.builder(FIRED)
                .description("Rule firings since start, by rule id")
                .tag("rule", id)
                .register(registry));
    }

    private Counter reloads(Outcome outcome) {
        return Counter.builder(RELOADS)
                .description("Attempts to (re)load the rules, by outcome")
                .tag("outcome", outcome.name())
                .register(registry);
    }
}

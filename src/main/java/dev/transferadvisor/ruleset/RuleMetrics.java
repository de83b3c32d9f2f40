package dev.transferadvisor.ruleset;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.transferadvisor.ruleset.ReloadReport.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Prometheus series at {@code /q/metrics}: {@code advisor_rule_fired_total{rule}}, each rule's firings
 * since start (read from the same counts {@code GET /api/rules} shows, so the two never disagree), and
 * {@code advisor_rules_reloads_total{outcome}} per reload attempt, {@code advisor_ruleset_info{version}}
 * (1) naming the serving version, and {@code advisor_rules_evaluation_cpu_seconds_total}, the CPU time evaluations
 * took. Every rule of an applied ruleset
 * gets its series at once, so a rule production never uses shows as a flat 0 rather than as no series.
 */
@ApplicationScoped
public class RuleMetrics {

    static final String FIRED = "advisor.rule.fired";
    static final String RELOADS = "advisor.rules.reloads";
    static final String INFO = "advisor.ruleset.info";
    static final String EVALUATION_CPU = "advisor.rules.evaluation.cpu";

    @Inject
    MeterRegistry registry;

    @Inject
    RuleBase ruleBase;

    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private Gauge info;

    void onReload(@Observes ReloadReport report) {
        for (Outcome outcome : Outcome.values()) {
            reloads(outcome); // all three outcomes exist from the first reload on, so rates and alerts see zeros
        }
        reloads(report.outcome()).increment();
        if (report.outcome() == Outcome.APPLIED && ruleBase.loaded()) {
            ruleBase.current().rules().forEach(rule -> register(rule.id()));
            serving(ruleBase.current().version());
        }
    }

    /**
     * {@code advisor_ruleset_info{version="…"} 1} for the serving version alone, the usual Prometheus info
     * series: an operator sees from one query whether every replica serves the same rules.
     */
    private synchronized void serving(String version) {
        if (info != null) {
            if (version.equals(info.getId().getTag("version"))) {
                return;
            }
            registry.remove(info);
        }
        info = Gauge.builder(INFO, () -> 1).description("The rules version this instance serves (value always 1)")
                .tag("version", version).register(registry);
    }

    private void register(String ruleId) {
        if (registered.add(ruleId)) {
            FunctionCounter.builder(FIRED, ruleBase, base -> base.firedCount(ruleId))
                    .description("Rule firings since start, by rule id")
                    .tag("rule", ruleId)
                    .register(registry);
        }
    }

    /** The engine's part of a diagnosis's CPU (README Performance), once: Micrometer warns of a second registration. */
    @PostConstruct
    void evaluationCpu() {
        FunctionCounter.builder(EVALUATION_CPU, ruleBase, base -> base.evaluationCpuNanos() / 1e9).baseUnit("seconds")
                .description("CPU time of rule evaluations since start (failed ones too), the wait for an evaluation turn not counted")
                .register(registry);
    }

    private Counter reloads(Outcome outcome) {
        return Counter.builder(RELOADS)
                .description("Attempts to (re)load the rules, by outcome")
                .tag("outcome", outcome.name())
                .register(registry);
    }
}

package dev.transferadvisor.ruleset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once a ruleset compiled: before that the advisor has nothing to advise with. */
@Readiness
@ApplicationScoped
class RulesReadiness implements HealthCheck {

    @Inject
    RuleBase ruleBase;

    @Override
    public HealthCheckResponse call() {
        if (!ruleBase.loaded()) {
            return HealthCheckResponse.named("rules").down().build();
        }
        // one version for every figure, even if a reload swaps another in meanwhile
        Ruleset serving = ruleBase.current();
        // warm sessions of the serving version: a discarded count that keeps growing means a rule fires on
        // the absence of a case fact, so sessions cannot be reused (rules/README.md, reference data)
        Ruleset.Sessions sessions = serving.sessions();
        return HealthCheckResponse.named("rules").up()
                .withData("version", serving.version())
                .withData("rules", serving.rules().size())
                .withData("residentFirings", serving.residentTrace().size())
                .withData("sessionsWarmed", sessions.warmed())
                .withData("sessionsDiscarded", sessions.discarded())
                .withData("sessionsIdle", sessions.idle())
                .build();
    }
}

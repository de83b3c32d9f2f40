package dev.transferadvisor.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the audit database is unreachable: diagnoses would be refused with 503. */
@Readiness
@ApplicationScoped
public class AuditReadiness implements HealthCheck {

    @Inject
    AuditStore store;

    @Override
    public HealthCheckResponse call() {
        long[] committed = store.committed();
        return HealthCheckResponse.named("audit-trail").status(store.reachable())
                .withData("database", store.describe())
                .withData("batchesCommitted", committed[0])
                .withData("diagnosesCommitted", committed[1])
                .withData("diagnosesUnderWay", store.underWay())
                .withData("dictionariesTrained", store.dictionariesTrained()).build();
    }
}

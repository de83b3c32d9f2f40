package dev.transferadvisor.audit;

import io.quarkus.test.junit.QuarkusTest;

/** The audit contract on embedded H2, the default database. */
@QuarkusTest
class H2AuditTest extends AuditTrailContract {
}

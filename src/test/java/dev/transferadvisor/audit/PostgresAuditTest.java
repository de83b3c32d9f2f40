package dev.transferadvisor.audit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The audit contract on PostgreSQL at {@code ADVISOR_TEST_POSTGRES_URL}, in a schema of its own.
 * Skipped, with the reason in the test report, where no PostgreSQL is reachable.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresAuditTest extends AuditTrailContract {

    @Override
    @BeforeEach // an overriding method is only run if annotated again
    void databaseIsThere() {
        assumeTrue(PostgresProfile.reachable(), PostgresProfile.skipReason());
    }
}

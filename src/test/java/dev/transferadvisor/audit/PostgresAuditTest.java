package dev.transferadvisor.audit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
    void databaseIsThere() {
        assumeTrue(PostgresProfile.reachable(), PostgresProfile.skipReason());
    }
}

package dev.transferadvisor.audit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The rule-edit audit test on PostgreSQL; skipped, with the reason, where none is reachable. */
@QuarkusTest
@TestProfile(PostgresRuleEditAuditTest.PostgresOwnRules.class)
class PostgresRuleEditAuditTest extends RuleEditAuditTest {

    /** Own rules copy, PostgreSQL audit store. */
    public static class PostgresOwnRules extends OwnRules {
        private final PostgresProfile postgres = new PostgresProfile();

        @Override
        String copyName() {
            return "postgres";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.putAll(postgres.getConfigOverrides());
            return overrides;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return postgres.testResources();
        }
    }

    @Override
    String copyName() {
        return "postgres";
    }

    @BeforeEach
    void databaseIsThere() {
        assumeTrue(PostgresProfile.reachable(), PostgresProfile.skipReason());
    }
}

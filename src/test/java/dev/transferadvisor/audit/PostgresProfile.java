package dev.transferadvisor.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Points the audit trail at the PostgreSQL of {@code ADVISOR_TEST_POSTGRES_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}), in a schema made for this run and dropped after it,
 * so that runs never see each other's records.
 */
public class PostgresProfile implements QuarkusTestProfile {

    static final String URL = System.getenv().getOrDefault("ADVISOR_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getenv("ADVISOR_TEST_POSTGRES_USER");
    // a system property, because Quarkus loads this class in more than one class loader
    static final String SCHEMA = System.getProperties().computeIfAbsent("advisor.test.postgres-schema",
            key -> "audit_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)).toString();

    private static String unreachable;
    private static boolean checked;

    /** Whether PostgreSQL answered and the run's schema exists. */
    static synchronized boolean reachable() {
        if (!checked) {
            checked = true;
            try (Connection db = connect(URL); Statement statement = db.createStatement()) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            } catch (SQLException e) {
                unreachable = e.getMessage();
                System.err.println("WARNING: PostgreSQL audit tests skipped: " + skipReason());
            }
        }
        return unreachable == null;
    }

    static String skipReason() {
        return "PostgreSQL not reachable at " + URL + " (" + unreachable + "); set ADVISOR_TEST_POSTGRES_URL to run these";
    }

    static Connection connect(String url) throws SQLException {
        java.util.Properties properties = new java.util.Properties();
        if (USER != null) {
            properties.setProperty("user", USER);
        }
        properties.setProperty("connectTimeout", "5");
        return new org.postgresql.Driver().connect(url, properties);
    }

    static String schemaUrl() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        reachable();
        return USER == null ? Map.of("advisor.audit.jdbc-url", schemaUrl())
                : Map.of("advisor.audit.jdbc-url", schemaUrl(), "advisor.audit.username", USER);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DropSchema.class));
    }

    /** Drops the run's schema when the tests are done. */
    public static class DropSchema implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            return Map.of();
        }

        @Override
        public void stop() {
            try (Connection db = connect(URL); Statement statement = db.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            } catch (SQLException e) {
                // unreachable or already gone: nothing to clean
            }
        }
    }
}

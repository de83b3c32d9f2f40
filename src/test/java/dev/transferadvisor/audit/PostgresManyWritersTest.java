package dev.transferadvisor.audit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/** Many writers on one PostgreSQL, in a schema of each test's own (ADVISOR_TEST_POSTGRES_URL; skipped where none answers). */
class PostgresManyWritersTest extends ManyWritersContract {

    private final String schema = "many_writers_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @BeforeEach
    @Override
    void start(TestInfo test) throws SQLException {
        assumeTrue(PostgresProfile.reachable(), PostgresProfile.skipReason());
        try (Connection db = PostgresProfile.connect(PostgresProfile.URL); Statement statement = db.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        super.start(test);
    }

    @AfterEach
    @Override
    void stop() {
        super.stop(); // every connection closed, or DROP SCHEMA waits on their locks
        try (Connection db = PostgresProfile.connect(PostgresProfile.URL); Statement statement = db.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            // unreachable: nothing was made
        }
    }

    @Override
    String url() {
        return PostgresProfile.URL + (PostgresProfile.URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    Optional<String> user() {
        return Optional.ofNullable(PostgresProfile.USER);
    }
}

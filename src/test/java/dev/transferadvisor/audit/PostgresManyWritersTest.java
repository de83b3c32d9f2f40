package dev.transferadvisor.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import dev.transferadvisor.audit.AuditViews.ChainCheck;
import dev.transferadvisor.audit.AuditWriter.RecordWork;

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

    @Test
    void recordsGoToTheirMonthsPartitionAndAnArchivedMonthStillVerifiesFromTheAnchorAfterIt() throws Exception {
        YearMonth thisMonth = YearMonth.now(ZoneOffset.UTC);
        long nextMonth = thisMonth.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        // this month's records, from three writers
        List<RecordWork> now = writeConcurrently();
        stopWriters();
        assertThat(partitionOf(now.get(0).id())).isEqualTo(Partitions.name(thisMonth));
        // next month's, from a writer of its own, then an anchor naming every chain's head
        AuditWriter later = startWriters(1).get(0);
        for (RecordWork work : submit(later, 20, nextMonth + 1000)) {
            work.committed().get(20, TimeUnit.SECONDS);
        }
        assertThat(Anchors.appendIfDue(db, "test", System.currentTimeMillis(), 60_000)).isEqualTo(Anchors.Outcome.WRITTEN);
        long anchor = count("SELECT MAX(seq) FROM audit_anchor");
        List<RecordWork> after = submit(later, 10, nextMonth + 5000);
        for (RecordWork work : after) {
            work.committed().get(20, TimeUnit.SECONDS);
        }
        later.stop();
        assertThat(partitionOf(after.get(0).id())).isEqualTo(Partitions.name(thisMonth.plusMonths(1)));

        // archive this month as the README says: detach its partition (then dump and drop it)
        try (Statement statement = db.createStatement()) {
            statement.execute("ALTER TABLE audit_record DETACH PARTITION " + Partitions.name(thisMonth));
            statement.execute("DROP TABLE " + Partitions.name(thisMonth));
        }
        db.commit();

        ChainCheck fromAnchor = verify(anchor);
        assertThat(fromAnchor.valid()).as(fromAnchor.problem()).isTrue();
        assertThat(fromAnchor.records()).as("the records after the anchor").isEqualTo(10);
        assertThat(verify(null).valid()).as("from the beginning, the archived month is missing").isFalse();
        // and a record altered after the anchor is still found
        String victim = after.get(4).id();
        delete("UPDATE audit_record SET principal = 'mallory' WHERE id = ?", victim);
        assertThat(verify(anchor).firstBrokenId()).isEqualTo(victim);
    }

    private String partitionOf(String id) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT tableoid::regclass::text FROM audit_record WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).isTrue();
                String table = rs.getString(1);
                db.rollback();
                return table.substring(table.indexOf('.') + 1);
            }
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

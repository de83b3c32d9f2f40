package dev.transferadvisor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On H2 a record holds its fired rule ids and finding codes in two columns (db/vendor/h2 V9), searched with LIKE:
 * a search finds exactly the records holding that value, whatever characters it has, and a store written before
 * V9 keeps answering the same searches after the upgrade.
 */
class RecordLabelsTest {

    /** Ids an author may declare with @id: LIKE's wildcards, its escape character, a backslash, a newline. */
    private static final List<String> ODD = List.of("pitfalls/normal-rule", "under_score", "per%cent", "bang!", "back\\slash",
            "two\nlines", "pitfalls/normal");

    private final String url = "jdbc:h2:file:./target/record-labels/" + UUID.randomUUID() + ";COMPRESS=TRUE";
    private AuditDatabase database;
    private Connection db;

    @AfterEach
    void close() {
        if (db != null) {
            database.release(db, false);
            database.close();
        }
    }

    @Test
    void aSearchFindsExactlyTheRecordsHoldingThatValue() throws SQLException {
        open();
        for (int i = 0; i < ODD.size(); i++) {
            insert(i + 1, Set.of(ODD.get(i)), Set.of("CODE_" + i));
        }
        insert(100, Set.of(), Set.of());
        for (int i = 0; i < ODD.size(); i++) {
            assertThat(found("fired_rules", ODD.get(i))).as(ODD.get(i)).containsExactly((long) i + 1);
            assertThat(found("finding_codes", "CODE_" + i)).containsExactly((long) i + 1);
        }
        // no wildcard, no prefix, no part of a line
        assertThat(found("fired_rules", "under-score")).isEmpty();
        assertThat(found("fired_rules", "per")).isEmpty();
        assertThat(found("fired_rules", "two")).isEmpty();
        assertThat(found("finding_codes", "CODE")).isEmpty();
    }

    @Test
    void aStoreWrittenBeforeTheColumnsAnswersTheSameSearchesAfterTheUpgrade() throws SQLException {
        Flyway.configure(getClass().getClassLoader()).dataSource(url, null, null)
                .locations(AuditDatabase.locations("h2")).target("8").load().migrate();
        try (Connection old = new org.h2.Driver().connect(url, new Properties())) {
            try (PreparedStatement record = old.prepareStatement("INSERT INTO audit_record (seq, chain_id, chain_seq, id, recorded_at,"
                    + " ruleset_version, request_body, diagnosis, previous_hash, record_hash) VALUES (?, 'c', ?, ?, 1, 'v', '{}', '{}', 'p', 'h')");
                    PreparedStatement rule = old.prepareStatement("INSERT INTO audit_fired_rule (record_seq, rule_id) VALUES (?, ?)");
                    PreparedStatement code = old.prepareStatement("INSERT INTO audit_finding_code (record_seq, code) VALUES (?, ?)")) {
                for (long seq = 1; seq <= 3; seq++) {
                    record.setLong(1, seq);
                    record.setLong(2, seq);
                    record.setString(3, UUID.randomUUID().toString());
                    record.executeUpdate();
                }
                for (String id : ODD) { // all on record 1
                    rule.setLong(1, 1);
                    rule.setString(2, id);
                    rule.executeUpdate();
                }
                rule.setLong(1, 2);
                rule.setString(2, "pitfalls/normal-rule");
                rule.executeUpdate();
                code.setLong(1, 2);
                code.setString(2, "NEGATIVE_TRANSFER");
                code.executeUpdate();
            }
        }
        open();
        assertThat(text("fired_rules", 1)).as("the migration's encoding is RecordLabels'").isEqualTo(RecordLabels.column(ODD));
        for (String id : ODD) {
            assertThat(found("fired_rules", id)).as(id).contains(1L).doesNotContain(3L);
        }
        assertThat(found("fired_rules", "pitfalls/normal-rule")).containsExactly(1L, 2L);
        assertThat(found("finding_codes", "NEGATIVE_TRANSFER")).containsExactly(2L);
        assertThat(text("fired_rules", 3)).as("a record without fired rules").isNull();
    }

    private void open() throws SQLException {
        database = new AuditDatabase(ManyWritersContract.config(url, Optional.empty()));
        db = database.open();
    }

    private void insert(long seq, Set<String> rules, Set<String> codes) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO audit_record (seq, chain_id, chain_seq, id, recorded_at,"
                + " ruleset_version, request_body, diagnosis, previous_hash, record_hash, fired_rules, finding_codes)"
                + " VALUES (?, 'c', ?, ?, 1, 'v', '{}', '{}', 'p', 'h', ?, ?)")) {
            insert.setLong(1, seq);
            insert.setLong(2, seq);
            insert.setString(3, UUID.randomUUID().toString());
            insert.setString(4, RecordLabels.column(rules));
            insert.setString(5, RecordLabels.column(codes));
            insert.executeUpdate();
        }
        db.commit();
    }

    /** The positions of the records a search finds, as AuditQueries searches. */
    private List<Long> found(String column, String value) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("SELECT seq FROM audit_record WHERE " + column + " LIKE ? ESCAPE '!' ORDER BY seq")) {
            query.setString(1, RecordLabels.pattern(value));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getLong(1));
                }
            }
        }
        return seqs;
    }

    private String text(String column, long seq) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT " + column + " FROM audit_record WHERE seq = ?")) {
            query.setLong(1, seq);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}

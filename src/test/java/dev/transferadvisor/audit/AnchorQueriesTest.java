package dev.transferadvisor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each anchor asks which chains have new records. On H2, whose rows hold a record's request and diagnosis
 * inline, answering that from the rows read every record of the last 70 s every 10 s and stalled every
 * diagnosis waiting on the writer (db/vendor/h2 V8): the questions must be answered from an index alone. And a
 * chain is read in its index's order: ordered by chain_seq alone, H2 read and sorted every record of the chain for
 * its head, and for each page of a verification.
 */
class AnchorQueriesTest {

    private AuditDatabase database;
    private Connection db;

    @BeforeEach
    void open() throws SQLException {
        String url = "jdbc:h2:file:./target/anchor-queries/" + UUID.randomUUID() + ";COMPRESS=TRUE";
        database = new AuditDatabase(ManyWritersContract.config(url, Optional.empty()));
        db = database.open();
    }

    @AfterEach
    void close() {
        database.release(db, false);
        database.close();
    }

    @Test
    void chainsWithRecordsAfterAPositionAreFoundInAnIndexHoldingTheChain() throws SQLException {
        assertThat(plan(Anchors.CHAINS_WRITTEN_AFTER)).contains("AUDIT_RECORD_BY_POSITION_CHAIN");
    }

    @Test
    void chainsWithRecordsStampedSinceATimeAreFoundInAnIndexHoldingTheChain() throws SQLException {
        assertThat(plan(Anchors.CHAINS_STAMPED_SINCE)).contains("AUDIT_RECORD_BY_TIME_CHAIN");
    }

    @Test
    void aChainsHeadIsReadFromItsPositionIndexBackwardsWithoutSorting() throws SQLException {
        assertThat(plan(Anchors.CHAIN_HEAD, "a-chain")).contains("AUDIT_RECORD_CHAIN_POSITION").contains("index sorted");
    }

    @Test
    void verificationReadsAChainInItsPositionIndexWithoutSorting() throws SQLException {
        String page = "SELECT chain_seq, record_hash" + ChainVerification.CHAIN_PAGE;
        assertThat(plan(page, "a-chain", 1000L)).contains("AUDIT_RECORD_CHAIN_POSITION").contains("index sorted");
    }

    private String plan(String query, Object... parameters) throws SQLException {
        try (PreparedStatement explain = db.prepareStatement("EXPLAIN " + query)) {
            Object[] values = parameters.length == 0 ? new Object[] { 0L } : parameters;
            for (int i = 0; i < values.length; i++) {
                explain.setObject(i + 1, values[i]);
            }
            try (ResultSet rs = explain.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }
}

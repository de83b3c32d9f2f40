package dev.transferadvisor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import dev.transferadvisor.audit.AuditViews.ChainCheck;
import dev.transferadvisor.audit.AuditViews.ChainState;
import dev.transferadvisor.audit.AuditWriter.RecordWork;

/**
 * Several writers, as several service instances would be, appending to one store at once: each keeps
 * its own chain, anchors tie them together, and verification names what was altered or removed in
 * any of them. Run against H2 and PostgreSQL by the subclasses.
 */
abstract class ManyWritersContract {

    private static final int WRITERS = 3;
    private static final int RECORDS_EACH = 120;

    abstract String url();

    abstract Optional<String> user();

    private AuditDatabase database;
    private final List<AuditWriter> writers = new ArrayList<>();
    Connection db;

    @BeforeEach
    void start(TestInfo test) throws SQLException {
        if (test.getDisplayName().startsWith("aStoreWrittenBeforeChainsPerInstance")) {
            writeLegacyStore(LEGACY_RECORDS);
        }
        database = new AuditDatabase(config(url(), user()));
        db = database.open();
    }

    private static final int LEGACY_RECORDS = 7;
    private static final String LEGACY_CHAIN = "00000000-0000-0000-0000-000000000000";

    /** A store as a release before chains per instance left it: migrated to V4, one chain by store position. */
    private void writeLegacyStore(int records) throws SQLException {
        String vendor = url().startsWith("jdbc:h2:") ? "h2" : "postgresql";
        Flyway.configure(getClass().getClassLoader()).dataSource(url(), user().orElse(null), null)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor).target(vendor.equals("h2") ? "4" : "3").load().migrate();
        Properties credentials = new Properties();
        user().ifPresent(name -> credentials.setProperty("user", name));
        Driver driver = vendor.equals("h2") ? new org.h2.Driver() : new org.postgresql.Driver();
        try (Connection old = driver.connect(url(), credentials);
                PreparedStatement insert = old.prepareStatement("INSERT INTO audit_record (seq, id, recorded_at, principal, client_ref,"
                        + " ruleset_version, request_body_deflated, diagnosis_deflated, previous_hash, record_hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            String previous = Chain.GENESIS;
            for (int seq = 1; seq <= records; seq++) {
                String id = UUID.randomUUID().toString();
                String diagnosis = "{\"id\":\"" + id + "\"}";
                String hash = Chain.link(previous, Chain.contentDigest(id, seq, "client", null, "v0", "{}", diagnosis));
                insert.setLong(1, seq);
                insert.setString(2, id);
                insert.setLong(3, seq);
                insert.setString(4, "client");
                insert.setString(5, null);
                insert.setString(6, "v0");
                insert.setBytes(7, StoredText.compress("{}"));
                insert.setBytes(8, StoredText.compress(diagnosis));
                insert.setString(9, previous);
                insert.setString(10, hash);
                insert.executeUpdate();
                previous = hash;
            }
        }
    }

    @AfterEach
    void stop() {
        writers.forEach(AuditWriter::stop);
        AuditDatabase.closeQuietly(db);
        database.close();
    }

    @Test
    void writersAppendTheirOwnChainsAtOnceAndTheTrailVerifies() throws Exception {
        List<RecordWork> written = writeConcurrently();
        stopWriters();

        ChainCheck check = verify(null);
        assertThat(check.valid()).as(check.problem()).isTrue();
        assertThat(check.records()).isEqualTo(written.size());
        assertThat(check.chains()).hasSize(WRITERS).allSatisfy(chain -> {
            assertThat(chain.valid()).isTrue();
            assertThat(chain.records()).isEqualTo(RECORDS_EACH);
            assertThat(chain.head()).isEqualTo(RECORDS_EACH);
        });
        assertThat(check.anchors().valid()).isTrue();
        assertThat(check.anchors().anchors()).isPositive();
        // a clean stop anchors its tail: the newest anchors name every chain's last record
        for (ChainState chain : check.chains()) {
            assertThat(anchoredHeads()).contains(chain.chain() + " " + RECORDS_EACH);
            assertThat(chain.anchoredHead()).as("what verification reports as anchored").isEqualTo(RECORDS_EACH);
        }
        // every record has its own store position, shared by all chains
        assertThat(count("SELECT COUNT(DISTINCT seq) FROM audit_record")).isEqualTo(written.size());
    }

    @Test
    void aStoreWrittenBeforeChainsPerInstanceKeepsVerifyingAndGrowsNewChains() throws Exception {
        List<RecordWork> written = writeConcurrently();
        stopWriters();

        ChainCheck check = verify(null);
        assertThat(check.valid()).as(check.problem()).isTrue();
        assertThat(check.records()).isEqualTo(LEGACY_RECORDS + written.size());
        assertThat(check.chains()).hasSize(1 + WRITERS);
        ChainState legacy = check.chains().get(0);
        assertThat(legacy.chain()).isEqualTo(LEGACY_CHAIN);
        assertThat(legacy.records()).isEqualTo(LEGACY_RECORDS);
        assertThat(legacy.instance()).isEqualTo("records written before chains per instance");
        // new records take store positions after the old ones
        assertThat(count("SELECT MIN(seq) FROM audit_record WHERE chain_id <> '" + LEGACY_CHAIN + "'")).isGreaterThan(LEGACY_RECORDS);

        String id = recordAt(LEGACY_CHAIN, 3);
        delete("DELETE FROM audit_record WHERE id = ?", id);
        ChainState broken = state(verify(null), LEGACY_CHAIN);
        assertThat(broken.firstBrokenPosition()).isEqualTo(4);
        assertThat(broken.problem()).isEqualTo("record(s) missing before this one: position 4, expected 3");
    }

    @Test
    void anAlteredRecordIsNamedInItsChainAndTheOtherChainsStillHold() throws Exception {
        writeConcurrently();
        stopWriters();
        String chain = writers.get(1).chainId();
        String id = recordAt(chain, 40);
        try (PreparedStatement alter = db.prepareStatement("UPDATE audit_record SET principal = 'mallory' WHERE id = ?")) {
            alter.setString(1, id);
            alter.executeUpdate();
        }
        db.commit();

        ChainCheck check = verify(null);
        assertThat(check.valid()).isFalse();
        assertThat(check.firstBrokenId()).isEqualTo(id);
        assertThat(state(check, chain).firstBrokenPosition()).isEqualTo(40);
        assertThat(state(check, chain).problem()).contains("content does not match its hash");
        assertThat(check.chains()).filteredOn(state -> !state.chain().equals(chain)).allMatch(ChainState::valid);
    }

    @Test
    void aChainsNewestRecordsRemovedBeforeAnAnchorAreNamed() throws Exception {
        writeConcurrently();
        stopWriters();
        String chain = writers.get(2).chainId();
        delete("DELETE FROM audit_record WHERE chain_id = ? AND chain_seq > ?", chain, RECORDS_EACH - 5);

        ChainCheck check = verify(null);
        assertThat(check.valid()).isFalse();
        ChainState state = state(check, chain);
        assertThat(state.valid()).isFalse();
        assertThat(state.firstBrokenPosition()).isEqualTo(RECORDS_EACH - 4);
        assertThat(state.problem()).contains("ends at position " + (RECORDS_EACH - 5)).contains("records removed");
        assertThat(check.problem()).contains(chain);
    }

    @Test
    void aWholeChainRemovedIsNamed() throws Exception {
        writeConcurrently();
        stopWriters();
        String chain = writers.get(0).chainId();
        delete("DELETE FROM audit_record WHERE chain_id = ?", chain);
        delete("DELETE FROM audit_chain WHERE chain_id = ?", chain);

        ChainCheck check = verify(null);
        assertThat(check.valid()).isFalse();
        assertThat(state(check, chain).problem()).contains("no records").contains("records removed");
    }

    @Test
    void aRemovedAnchorIsNamed() throws Exception {
        writeConcurrently();
        stopWriters();
        writeMoreAnchors(3);
        long anchors = count("SELECT MAX(seq) FROM audit_anchor");
        assertThat(anchors).isGreaterThanOrEqualTo(3);
        long removed = anchors - 1;
        delete("DELETE FROM audit_anchor WHERE seq = ?", null, removed);

        ChainCheck check = verify(null);
        assertThat(check.valid()).isFalse();
        assertThat(check.anchors().valid()).isFalse();
        assertThat(check.anchors().firstBroken()).isEqualTo(removed);
        assertThat(check.problem()).isEqualTo("anchor " + removed + ": missing: the next anchor stored is " + anchors);
    }

    @Test
    void verificationFromAnAnchorNeedsNothingArchivedBeforeIt() throws Exception {
        writeConcurrently();
        stopWriters();
        writeMoreAnchors(2);
        long from = count("SELECT MAX(seq) FROM audit_anchor");
        long at;
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(
                "SELECT written_at FROM audit_anchor WHERE seq = " + from)) {
            rs.next();
            at = rs.getLong(1);
        }
        long stored = count("SELECT COUNT(*) FROM audit_record");
        // archive: everything recorded before the anchor goes, with the anchors before it
        if (!database.labelsInRecord()) {
            delete("DELETE FROM audit_fired_rule WHERE record_seq IN (SELECT seq FROM audit_record WHERE recorded_at < ?)", null, at);
            delete("DELETE FROM audit_finding_code WHERE record_seq IN (SELECT seq FROM audit_record WHERE recorded_at < ?)", null, at);
        }
        long archived = delete("DELETE FROM audit_record WHERE recorded_at < ?", null, at);
        delete("DELETE FROM audit_anchor WHERE seq < ?", null, from);
        assertThat(archived).isPositive();
        List<AuditWriter> later = startWriters(1);
        List<RecordWork> after = submit(later.get(0), 10);
        for (RecordWork work : after) {
            work.committed().get(20, TimeUnit.SECONDS);
        }
        later.get(0).stop();

        ChainCheck fromAnchor = verify(from);
        assertThat(fromAnchor.valid()).as(fromAnchor.problem()).isTrue();
        assertThat(fromAnchor.fromAnchor()).isEqualTo(from);
        assertThat(fromAnchor.records()).isEqualTo(stored - archived + 10);
        assertThat(verify(null).valid()).as("from the beginning, the archived records are missing").isFalse();
        assertThat(ChainVerification.verify(db, 999_999L)).as("no such anchor").isEmpty();
        db.rollback();
    }

    ChainCheck verify(Long from) throws SQLException {
        ChainCheck check = ChainVerification.verify(db, from).orElseThrow();
        db.rollback();
        return check;
    }

    private static ChainState state(ChainCheck check, String chain) {
        return check.chains().stream().filter(state -> state.chain().equals(chain)).findFirst().orElseThrow();
    }

    /** WRITERS writers, each fed from its own thread at once. */
    List<RecordWork> writeConcurrently() throws Exception {
        List<AuditWriter> started = startWriters(WRITERS);
        List<RecordWork> all = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(WRITERS);
        try {
            List<CompletableFuture<List<RecordWork>>> feeds = new ArrayList<>();
            for (AuditWriter writer : started) {
                feeds.add(CompletableFuture.supplyAsync(() -> submit(writer, RECORDS_EACH), clients));
            }
            for (CompletableFuture<List<RecordWork>> feed : feeds) {
                all.addAll(feed.get(60, TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdown();
        }
        for (RecordWork work : all) {
            work.committed().get(60, TimeUnit.SECONDS);
        }
        return all;
    }

    List<AuditWriter> startWriters(int count) {
        List<AuditWriter> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            AuditWriter writer = new AuditWriter(database, 16, Duration.ofMillis(100), Duration.ofSeconds(10));
            writer.start();
            started.add(writer);
        }
        writers.addAll(started);
        return started;
    }

    void stopWriters() {
        writers.forEach(AuditWriter::stop);
    }

    static List<RecordWork> submit(AuditWriter writer, int count) {
        return submit(writer, count, null);
    }

    /** Records stamped now, or at {@code stampedAt} when given (as if recorded then). */
    static List<RecordWork> submit(AuditWriter writer, int count, Long stampedAt) {
        List<RecordWork> works = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            long at = stampedAt != null ? stampedAt + i : System.currentTimeMillis();
            String diagnosis = "{\"id\":\"" + id + "\"}";
            RecordWork work = new RecordWork(id, at, "client", "ref-" + i, "v1", StoredText.compress("{}"), null, StoredText.compress(diagnosis), null,
                    Chain.contentDigest(id, at, "client", "ref-" + i, "v1", "{}", diagnosis), Set.of("rule/" + (i % 7)), Set.of("CODE"),
                    new CompletableFuture<>());
            writer.submit(work);
            works.add(work);
            if (i % 10 == 0) {
                try {
                    Thread.sleep(5); // spread over several batches and anchors
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return works;
    }

    /** Anchors written by hand after a new record each, as a running writer would over time. */
    private void writeMoreAnchors(int count) throws Exception {
        List<AuditWriter> more = startWriters(1);
        for (int i = 0; i < count; i++) {
            RecordWork work = submit(more.get(0), 1).get(0);
            work.committed().get(20, TimeUnit.SECONDS);
            Thread.sleep(5);
            assertThat(Anchors.appendIfDue(db, "test", System.currentTimeMillis(), 60_000)).isEqualTo(Anchors.Outcome.WRITTEN);
        }
        more.get(0).stop();
    }

    private String anchoredHeads() throws SQLException {
        StringBuilder heads = new StringBuilder();
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery("SELECT heads FROM audit_anchor")) {
            while (rs.next()) {
                heads.append(rs.getString(1));
            }
        }
        db.rollback();
        return heads.toString();
    }

    private String recordAt(String chain, long position) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT id FROM audit_record WHERE chain_id = ? AND chain_seq = ?")) {
            query.setString(1, chain);
            query.setLong(2, position);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    long count(String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            long value = rs.getLong(1);
            db.rollback();
            return value;
        }
    }

    /** Runs a DELETE behind the service's back: a text argument first, if any, then numbers. */
    long delete(String sql, String text, long... numbers) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            int index = 1;
            if (text != null) {
                statement.setString(index++, text);
            }
            for (long number : numbers) {
                statement.setLong(index++, number);
            }
            long rows = statement.executeUpdate();
            db.commit();
            return rows;
        }
    }

    static AuditConfig config(String url, Optional<String> user) {
        return new AuditConfig() {
            @Override
            public String jdbcUrl() {
                return url;
            }

            @Override
            public Optional<String> username() {
                return user;
            }

            @Override
            public Optional<String> password() {
                return Optional.empty();
            }

            @Override
            public int maxBatch() {
                return 16;
            }

            @Override
            public Duration commitLinger() {
                return Duration.ZERO;
            }

            @Override
            public int commitLingerBatch() {
                return 1;
            }

            @Override
            public int dictionarySamples() {
                return 4;
            }

            @Override
            public Duration commitTimeout() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Duration anchorInterval() {
                return Duration.ofMillis(100);
            }
        };
    }
}

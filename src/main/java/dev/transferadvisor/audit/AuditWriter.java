package dev.transferadvisor.audit;

import java.io.IOException;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.quarkus.logging.Log;

/**
 * This instance's writer of the audit trail, and its group commit: diagnoses that arrive while a batch
 * commits queue up and are written together in the next transaction, so the database pays one commit
 * (and, on H2, one sync) per batch rather than per request. Each waiting request is released only when
 * its batch has committed, or failed. Each writer appends to a chain of its own (a chain id made when
 * it starts), so that any number of instances share one database without contending for a head, and
 * every few seconds appends an anchor that names the heads of the chains written to ({@link Anchors}).
 */
final class AuditWriter implements Runnable {

    /** Something to write; diagnoses carry a future their request waits on. */
    sealed interface Work permits RecordWork, HistoryWork, WakeUp {
    }

    /** Queued by {@link #stop()} to end the idle wait: an interrupt could land in the database driver's I/O. */
    private record WakeUp() implements Work {
    }

    /**
     * One diagnosis, serialised, digested and compressed ({@link StoredText}) on the request thread, each text with
     * the dictionary it was compressed against ({@code null}: none), which is stored with the first record that uses it.
     */
    record RecordWork(String id, long recordedAt, String principal, String reference, String rulesetVersion,
            byte[] request, CompressionDictionary requestDictionary, byte[] diagnosis, CompressionDictionary diagnosisDictionary,
            String contentDigest, Set<String> rules, Set<String> codes, CompletableFuture<Void> committed) implements Work {
    }

    /** Ruleset history: retried until stored, in order, as it is no one request's business to wait for it. */
    sealed interface HistoryWork extends Work permits RulesetWork, ReloadWork {
    }

    record RulesetWork(String version, long appliedAt, String directory, Map<String, String> files,
            List<RuleText> rules, String residentTrace) implements HistoryWork {
    }

    record RuleText(String id, String file, int line, String source) {
    }

    record ReloadWork(String id, long at, String outcome, String trigger, String version, String previousVersion,
            String errorsJson) implements HistoryWork {
    }

    private static final String RECORD_COLUMNS = "seq, chain_id, chain_seq, id, recorded_at, principal, client_ref, ruleset_version,"
            + " request_body_deflated, diagnosis_deflated, previous_hash, record_hash, request_body_dictionary, diagnosis_dictionary";
    private static final String INSERT_RECORD = "INSERT INTO audit_record (" + RECORD_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_RECORD_WITH_LABELS = "INSERT INTO audit_record (" + RECORD_COLUMNS + ", fired_rules, finding_codes)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    // content-addressed: another instance may have stored the same one (never changed, so no conflict to resolve)
    private static final String INSERT_DICTIONARY = "INSERT INTO audit_dictionary (id, content, created_at)"
            + " SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM audit_dictionary WHERE id = ?)";

    private static final long LINGER_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final AuditDatabase database;
    private final int maxBatch;
    private final long lingerNanos;
    private final int lingerBatch;
    private final AtomicInteger making = new AtomicInteger();
    private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    private final List<HistoryWork> pendingHistory = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong written = new AtomicLong();

    private final String chainId = UUID.randomUUID().toString();
    private final long anchorIntervalMillis;
    private final long inFlightMillis;

    private Connection connection;
    private boolean down;
    private boolean headKnown;
    private boolean registered;
    private long lastSeq;
    private String lastHash;
    private long nextAnchorAt;
    private long nextPartitionCheckAt;

    AuditWriter(AuditDatabase database, int maxBatch) {
        this(database, maxBatch, Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    /**
     * @param anchorInterval how often an anchor is appended while records are being written
     * @param commitTimeout how long a diagnosis waits for its record (a record stamped that long before an
     *        anchor may still commit after it)
     */
    AuditWriter(AuditDatabase database, int maxBatch, Duration anchorInterval, Duration commitTimeout) {
        this(database, maxBatch, anchorInterval, commitTimeout, Duration.ZERO, 1);
    }

    /**
     * @param linger how long a commit may wait for diagnoses still being made to join it ({@code ZERO}: never)
     * @param lingerBatch a commit that waits goes ahead once it holds this many records
     */
    AuditWriter(AuditDatabase database, int maxBatch, Duration anchorInterval, Duration commitTimeout, Duration linger,
            int lingerBatch) {
        this.database = database;
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        this.lingerBatch = Math.min(lingerBatch, maxBatch);
        this.anchorIntervalMillis = anchorInterval.toMillis();
        this.inFlightMillis = commitTimeout.toMillis() + Duration.ofMinutes(1).toMillis(); // and clocks a minute apart
        this.nextAnchorAt = System.currentTimeMillis() + anchorIntervalMillis;
        this.thread = new Thread(this, "audit-writer");
        this.thread.setDaemon(true);
    }

    /**
     * A diagnosis is being made: its record will be submitted soon, or it fails; either way {@link #made()} follows,
     * after the record's {@link #submit} when there is one.
     */
    void making() {
        making.incrementAndGet();
    }

    /** A diagnosis announced by {@link #making()} has submitted its record, or has failed. */
    void made() {
        making.decrementAndGet();
    }

    /** This writer's chain. */
    String chainId() {
        return chainId;
    }

    /** Batches committed and diagnoses in them since start: their ratio is the group-commit factor. */
    long[] committed() {
        return new long[] { batches.get(), written.get() };
    }

    /** Diagnoses announced by {@link #making()} and not yet {@link #made()}: what a lingering commit waits for. */
    int underWay() {
        return making.get();
    }

    void start() {
        thread.start();
    }

    void submit(Work work) {
        if (!running) {
            if (work instanceof RecordWork record) {
                record.committed.completeExceptionally(new SQLException("the audit writer has stopped"));
            }
            return;
        }
        queue.add(work);
    }

    /** Writes what is queued, then stops; later submissions fail. */
    void stop() {
        running = false;
        // not thread.interrupt(): during a commit it reached H2's file I/O, which failed the batch after it had
        // committed; the retry then met its own records (unique key) and the final anchor was never written
        queue.add(new WakeUp());
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Work> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(work -> {
            if (work instanceof RecordWork record) {
                record.committed.completeExceptionally(new SQLException("the service is stopping"));
            }
        });
        database.release(connection, false);
    }

    @Override
    public void run() {
        List<Work> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Work first = running ? queue.poll(1, TimeUnit.SECONDS) : queue.poll();
                if (first instanceof WakeUp) {
                    first = queue.poll();
                }
                if (System.currentTimeMillis() >= nextAnchorAt) {
                    anchor();
                }
                if (database.isPostgres() && System.currentTimeMillis() >= nextPartitionCheckAt) {
                    partitions();
                }
                if (first == null && pendingHistory.isEmpty()) {
                    continue;
                }
                batch.clear();
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, maxBatch - 1);
                    linger(batch);
                }
                List<RecordWork> records = new ArrayList<>(batch.size());
                for (Work work : batch) {
                    if (work instanceof RecordWork record) {
                        records.add(record);
                    } else if (work instanceof HistoryWork history) {
                        pendingHistory.add(history);
                    }
                }
                write(records);
            } catch (InterruptedException e) {
                // no one interrupts this thread (stop() queues a WakeUp); should someone, it carries on
            } catch (RuntimeException e) {
                Log.error("The audit writer failed unexpectedly; it carries on", e);
            }
        }
        Thread.interrupted(); // an interrupt must not reach the database driver's I/O
        anchor(); // a clean stop leaves no tail unanchored
    }

    /**
     * Holds the batch open while diagnoses are still being made ({@link #making()}), for at most the linger and
     * until it holds {@code lingerBatch} records: under load a commit then carries several times as many records,
     * and H2 rewrites its last pages once for all of them (README "Notes on H2"). With none being made it commits
     * at once, so a lone client never waits for it; a diagnosis that fails says so ({@link #made()}) and is not
     * waited for. A diagnosis submits its record before it says it is made, so when the last one being made says so,
     * its record is queued already: the batch takes it along instead of committing just before it.
     */
    private void linger(List<Work> batch) throws InterruptedException {
        long until = System.nanoTime() + lingerNanos;
        while (batch.size() < lingerBatch && making.get() > 0) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return;
            }
            // short polls: the diagnoses being made may fail rather than arrive
            Work more = queue.poll(Math.min(left, LINGER_POLL_NANOS), TimeUnit.NANOSECONDS);
            if (more instanceof WakeUp) {
                return;
            }
            if (more != null) {
                batch.add(more);
                queue.drainTo(batch, maxBatch - batch.size());
            }
        }
        queue.drainTo(batch, maxBatch - batch.size());
    }

    /** Makes this month's and the next months' record partitions where missing (PostgreSQL), hourly. */
    private void partitions() {
        if (down) {
            return;
        }
        long now = System.currentTimeMillis();
        try {
            Partitions.ensureAhead(connection(), Instant.ofEpochMilli(now));
            nextPartitionCheckAt = now + Duration.ofHours(1).toMillis();
        } catch (SQLException e) {
            Log.debugf("Record partitions not checked: %s", e.getMessage());
            forget();
            nextPartitionCheckAt = now + anchorIntervalMillis;
        }
    }

    /** Appends an anchor if records were written since the latest one; on a lost race, soon again. */
    private void anchor() {
        if (down) {
            return; // the next batch finds out whether the store is back
        }
        long now = System.currentTimeMillis();
        try {
            boolean raced = Anchors.appendIfDue(connection(), chainId, now, inFlightMillis) == Anchors.Outcome.TAKEN_BY_ANOTHER;
            nextAnchorAt = now + (raced ? 500 + (long) (Math.random() * 1000) : anchorIntervalMillis);
        } catch (SQLException e) {
            Log.debugf("No anchor written: %s", e.getMessage());
            forget();
            nextAnchorAt = now + anchorIntervalMillis;
        }
    }

    private void write(List<RecordWork> records) {
        try {
            Connection db = connection();
            writeHistory(db);
            if (records.isEmpty()) {
                return;
            }
            try {
                insert(db, records);
                commit(db);
                records.forEach(record -> record.committed.complete(null));
            } catch (SQLException e) {
                rollback(db);
                headKnown = false;
                if (alive(db)) {
                    // one unstorable record must not fail the others that happened to share its batch, nor,
                    // alone in its batch, be reported as the store being down
                    for (RecordWork record : records) {
                        writeAlone(record);
                    }
                } else {
                    throw e;
                }
            }
        } catch (SQLException e) {
            if (!down) {
                down = true;
                Log.errorf("Audit store %s unavailable (%s): diagnoses are refused with 503 until it is back",
                        database.describe(), e.getMessage());
            }
            Log.debugf("Audit store unavailable: %d diagnosis(es) refused", records.size());
            forget();
            records.forEach(record -> record.committed.completeExceptionally(e));
        }
    }

    private void writeAlone(RecordWork record) throws SQLException {
        Connection db = connection();
        try {
            insert(db, List.of(record));
            commit(db);
            record.committed.complete(null);
        } catch (SQLException e) {
            rollback(db);
            headKnown = false;
            if (!alive(db)) {
                throw e;
            }
            Log.errorf("Diagnosis %s could not be stored: %s", record.id(), e.getMessage());
            record.committed.completeExceptionally(e);
        }
    }

    private void insert(Connection db, List<RecordWork> records) throws SQLException {
        long[] positions = positions(db, records.size());
        if (!registered) {
            try (PreparedStatement chain = db.prepareStatement(
                    "INSERT INTO audit_chain (chain_id, started_at, instance) VALUES (?, ?, ?)")) {
                chain.setString(1, chainId);
                chain.setLong(2, System.currentTimeMillis());
                chain.setString(3, INSTANCE);
                chain.executeUpdate();
            }
        }
        insertDictionaries(db, records);
        long seq = lastSeq;
        String previous = lastHash;
        // H2 keeps a record's rule ids and codes in the record (V9); PostgreSQL in two indexed tables
        boolean labelsInRecord = database.labelsInRecord();
        try (PreparedStatement row = db.prepareStatement(labelsInRecord ? INSERT_RECORD_WITH_LABELS : INSERT_RECORD)) {
            for (int i = 0; i < records.size(); i++) {
                RecordWork record = records.get(i);
                seq++;
                String hash = Chain.link(previous, record.contentDigest());
                row.setLong(1, positions[i]);
                row.setString(2, chainId);
                row.setLong(3, seq);
                row.setString(4, record.id());
                row.setLong(5, record.recordedAt());
                row.setString(6, record.principal());
                row.setString(7, record.reference());
                row.setString(8, record.rulesetVersion());
                row.setBytes(9, record.request());
                row.setBytes(10, record.diagnosis());
                row.setString(11, previous);
                row.setString(12, hash);
                row.setString(13, record.requestDictionary() == null ? null : record.requestDictionary().id());
                row.setString(14, record.diagnosisDictionary() == null ? null : record.diagnosisDictionary().id());
                if (labelsInRecord) {
                    row.setString(15, RecordLabels.column(record.rules()));
                    row.setString(16, RecordLabels.column(record.codes()));
                }
                row.addBatch();
                previous = hash;
            }
            row.executeBatch();
        }
        if (!labelsInRecord) {
            insertLabelRows(db, records, positions);
        }
        // the head moves only once the batch has committed
        batchPending = true;
        batchSize = records.size();
        batchSeq = seq;
        batchHash = previous;
    }

    /** The dictionaries the records were compressed against that this writer has not stored yet, in the records' transaction. */
    private void insertDictionaries(Connection db, List<RecordWork> records) throws SQLException {
        Map<String, CompressionDictionary> missing = new LinkedHashMap<>(0);
        for (RecordWork record : records) {
            for (CompressionDictionary dictionary : new CompressionDictionary[] { record.requestDictionary(), record.diagnosisDictionary() }) {
                if (dictionary != null && !storedDictionaries.contains(dictionary.id())) {
                    missing.putIfAbsent(dictionary.id(), dictionary);
                }
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = db.prepareStatement(INSERT_DICTIONARY)) {
            for (CompressionDictionary dictionary : missing.values()) {
                insert.setString(1, dictionary.id());
                insert.setBytes(2, dictionary.content());
                insert.setLong(3, System.currentTimeMillis());
                insert.setString(4, dictionary.id());
                insert.executeUpdate();
            }
        }
        dictionariesInBatch.addAll(missing.keySet());
    }

    /** The rule ids and finding codes of each record as rows of their own, after the records they refer to. */
    private static void insertLabelRows(Connection db, List<RecordWork> records, long[] positions) throws SQLException {
        try (PreparedStatement rule = db.prepareStatement("INSERT INTO audit_fired_rule (record_seq, rule_id) VALUES (?, ?)");
                PreparedStatement code = db.prepareStatement("INSERT INTO audit_finding_code (record_seq, code) VALUES (?, ?)")) {
            for (int i = 0; i < records.size(); i++) {
                for (String id : records.get(i).rules()) {
                    rule.setLong(1, positions[i]);
                    rule.setString(2, id);
                    rule.addBatch();
                }
                for (String c : records.get(i).codes()) {
                    code.setLong(1, positions[i]);
                    code.setString(2, c);
                    code.addBatch();
                }
            }
            rule.executeBatch();
            code.executeBatch();
        }
    }

    /** Store positions for a batch, from the sequence all instances share (gaps are harmless: chains have their own). */
    private static long[] positions(Connection db, int count) throws SQLException {
        long[] positions = new long[count];
        try (PreparedStatement next = db.prepareStatement("SELECT nextval('audit_record_position') FROM GENERATE_SERIES(1, ?)")) {
            next.setInt(1, count);
            try (ResultSet rs = next.executeQuery()) {
                for (int i = 0; i < count; i++) {
                    if (!rs.next()) {
                        throw new SQLException("the position sequence gave " + i + " of " + count + " values");
                    }
                    positions[i] = rs.getLong(1);
                }
            }
        }
        Arrays.sort(positions);
        return positions;
    }

    /** Which process wrote a chain, for the operator who reads audit_chain. */
    private static final String INSTANCE = instance();

    private static String instance() {
        String host = System.getenv().getOrDefault("HOSTNAME", "");
        if (host.isEmpty()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "unknown host";
            }
        }
        return host + " pid " + ProcessHandle.current().pid();
    }

    private boolean batchPending;
    private int batchSize;
    /** Dictionaries known to be in the store (stored by this writer), and those the batch under way stores. */
    private final Set<String> storedDictionaries = new HashSet<>();
    private final List<String> dictionariesInBatch = new ArrayList<>();
    private long batchSeq;
    private String batchHash;

    private void commit(Connection db) throws SQLException {
        db.commit();
        if (batchPending) {
            lastSeq = batchSeq;
            lastHash = batchHash;
            registered = true;
            batchPending = false;
            batches.incrementAndGet();
            written.addAndGet(batchSize);
        }
        storedDictionaries.addAll(dictionariesInBatch);
        dictionariesInBatch.clear();
        database.checkpoint(db);
    }

    private void rollback(Connection db) {
        batchPending = false;
        dictionariesInBatch.clear();
        try {
            db.rollback();
        } catch (SQLException e) {
            // the connection is gone; forget() will replace it
        }
    }

    private void writeHistory(Connection db) throws SQLException {
        while (!pendingHistory.isEmpty()) {
            HistoryWork work = pendingHistory.get(0);
            try {
                if (work instanceof RulesetWork ruleset) {
                    insertRuleset(db, ruleset);
                } else {
                    insertReload(db, (ReloadWork) work);
                }
                db.commit();
                database.checkpoint(db);
            } catch (SQLException e) {
                rollback(db);
                if (!alive(db)) {
                    throw e;
                }
                Log.errorf("Ruleset history entry %s could not be stored and is dropped: %s", work, e.getMessage());
            }
            pendingHistory.remove(0);
        }
    }

    private static void insertRuleset(Connection db, RulesetWork ruleset) throws SQLException {
        try (PreparedStatement exists = db.prepareStatement("SELECT 1 FROM ruleset_version WHERE version = ?")) {
            exists.setString(1, ruleset.version());
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    // stored before resident traces were kept: complete it, never change one that is there
                    try (PreparedStatement complete = db.prepareStatement(
                            "UPDATE ruleset_version SET resident_trace = ? WHERE version = ? AND resident_trace IS NULL")) {
                        complete.setString(1, ruleset.residentTrace());
                        complete.setString(2, ruleset.version());
                        complete.executeUpdate();
                    }
                    return;
                }
            }
        }
        try (PreparedStatement version = db.prepareStatement(
                "INSERT INTO ruleset_version (version, first_applied_at, directory, resident_trace) VALUES (?, ?, ?, ?)");
                PreparedStatement file = db.prepareStatement(
                        "INSERT INTO ruleset_file (version, path, sha256, content) VALUES (?, ?, ?, ?)");
                PreparedStatement rule = db.prepareStatement(
                        "INSERT INTO ruleset_rule (version, rule_id, file, line, source) VALUES (?, ?, ?, ?, ?)")) {
            version.setString(1, ruleset.version());
            version.setLong(2, ruleset.appliedAt());
            version.setString(3, ruleset.directory());
            version.setString(4, ruleset.residentTrace());
            version.executeUpdate();
            for (Map.Entry<String, String> entry : ruleset.files().entrySet()) {
                file.setString(1, ruleset.version());
                file.setString(2, entry.getKey());
                file.setString(3, Chain.sha256(entry.getValue()));
                file.setString(4, entry.getValue());
                file.addBatch();
            }
            file.executeBatch();
            for (RuleText text : ruleset.rules()) {
                rule.setString(1, ruleset.version());
                rule.setString(2, text.id());
                rule.setString(3, text.file());
                rule.setInt(4, text.line());
                rule.setString(5, text.source());
                rule.addBatch();
            }
            rule.executeBatch();
        }
    }

    private static void insertReload(Connection db, ReloadWork reload) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO ruleset_reload (id, happened_at, outcome,"
                + " triggered_by, version, previous_version, errors) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, reload.id());
            insert.setLong(2, reload.at());
            insert.setString(3, reload.outcome());
            insert.setString(4, reload.trigger());
            insert.setString(5, reload.version());
            insert.setString(6, reload.previousVersion());
            insert.setString(7, reload.errorsJson());
            insert.executeUpdate();
        }
    }

    /** The writer's connection, opened (and the chain head read) after start or after a failure. */
    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = database.open();
            headKnown = false;
            if (down) {
                down = false;
                Log.infof("Audit store %s is back", database.describe());
            }
        }
        if (!headKnown) {
            // after a failure, whether the last batch committed is known only to the database
            Optional<Anchors.Head> head = Anchors.head(connection, chainId);
            lastSeq = head.map(Anchors.Head::seq).orElse(0L);
            lastHash = head.map(Anchors.Head::hash).orElse(Chain.GENESIS);
            try (PreparedStatement known = connection.prepareStatement("SELECT 1 FROM audit_chain WHERE chain_id = ?")) {
                known.setString(1, chainId);
                try (ResultSet rs = known.executeQuery()) {
                    registered = rs.next();
                }
            }
            connection.rollback();
            headKnown = true;
        }
        return connection;
    }

    /** After a failure nothing about the connection or the head can be trusted: both are read afresh. */
    private void forget() {
        database.release(connection, true);
        connection = null;
        headKnown = false;
        batchPending = false;
        dictionariesInBatch.clear();
        storedDictionaries.clear(); // perhaps another database now: stored again (if absent) with their next record
    }

    private static boolean alive(Connection db) {
        try {
            return db.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}

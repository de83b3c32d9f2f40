package dev.transferadvisor.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.StreamingOutput;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.transferadvisor.advice.Diagnosis;
import dev.transferadvisor.advice.DiagnosisLog;
import dev.transferadvisor.audit.AuditViews.ChainCheck;
import dev.transferadvisor.audit.AuditViews.FiredRule;
import dev.transferadvisor.audit.AuditViews.Page;
import dev.transferadvisor.audit.AuditViews.Reload;
import dev.transferadvisor.audit.AuditViews.RulesetFile;
import dev.transferadvisor.audit.AuditViews.RulesetRule;
import dev.transferadvisor.audit.AuditViews.RulesetSummary;
import dev.transferadvisor.audit.AuditViews.Summary;
import dev.transferadvisor.audit.AuditWriter.RecordWork;
import dev.transferadvisor.audit.AuditWriter.ReloadWork;
import dev.transferadvisor.audit.AuditWriter.RuleText;
import dev.transferadvisor.audit.AuditWriter.RulesetWork;
import dev.transferadvisor.ruleset.ReloadReport;
import dev.transferadvisor.ruleset.RuleBase;
import dev.transferadvisor.ruleset.RuleInfo;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.ruleset.RuleError;
import dev.transferadvisor.ruleset.TraceEntry;
import dev.transferadvisor.system.ProblemException;
import io.quarkus.logging.Log;

/**
 * The audit trail: the durable {@link DiagnosisLog} (each diagnosis committed, in a hash chain, before
 * its answer leaves), the history of every ruleset version and reload, and the auditors' queries.
 */
@ApplicationScoped
public class AuditTrail implements DiagnosisLog {

    static final int MAX_LIMIT = 500;
    /** Records verified per query. */
    private static final int VERIFY_PAGE = 200;
    private static final int EXPORT_PAGE = 50;
    private static final TypeReference<List<RuleError>> RULE_ERRORS = new TypeReference<>() {
    };
    private static final TypeReference<List<TraceEntry>> RESIDENT_TRACE = new TypeReference<>() {
    };

    @Inject
    AuditConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    RuleBase ruleBase;

    private AuditDatabase database;
    private AuditWriter writer;

    @PostConstruct
    void start() {
        database = new AuditDatabase(config);
        writer = new AuditWriter(database, config.maxBatch());
        writer.start();
        try {
            database.migrate();
        } catch (SQLException e) {
            // not fatal: diagnoses answer 503 until the database is reachable, then it migrates and serves
            Log.errorf("The audit database is not available yet: %s", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        writer.stop();
        database.close();
    }

    // ---- recording ----------------------------------------------------------------------------------

    @Override
    public void record(Entry entry) {
        Diagnosis diagnosis = entry.diagnosis();
        // the UTF-8 bytes the client receives: hashed and deflated as they are, never a String of them
        byte[] json = entry.answer();
        byte[] request = entry.request();
        long recordedAt = Instant.now().toEpochMilli();
        String digest = Chain.contentDigest(diagnosis.id(), recordedAt, entry.principal(), diagnosis.reference(),
                diagnosis.rulesetVersion(), request, json);
        Set<String> rules = new LinkedHashSet<>();
        diagnosis.trace().forEach(step -> rules.add(step.rule()));
        Set<String> codes = new LinkedHashSet<>();
        diagnosis.findings().forEach(finding -> codes.add(finding.code()));
        CompletableFuture<Void> committed = new CompletableFuture<>();
        writer.submit(new RecordWork(diagnosis.id(), recordedAt, entry.principal(), diagnosis.reference(),
                diagnosis.rulesetVersion(), StoredText.deflate(request), StoredText.deflate(json), digest, rules, codes, committed));
        try {
            committed.get(config.commitTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable(e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
    }

    @Override
    public Optional<Diagnosis> find(String id) {
        return read(db -> {
            try (PreparedStatement query = db.prepareStatement("SELECT diagnosis, diagnosis_deflated FROM audit_record WHERE id = ?")) {
                query.setString(1, id);
                try (ResultSet rs = query.executeQuery()) {
                    return rs.next() ? Optional.of(parse(StoredText.read(rs, "diagnosis"), Diagnosis.class)) : Optional.<Diagnosis>empty();
                }
            }
        });
    }

    @Override
    public Optional<byte[]> request(String id) {
        return read(db -> {
            try (PreparedStatement query = db.prepareStatement(
                    "SELECT request_body, request_body_deflated FROM audit_record WHERE id = ?")) {
                query.setString(1, id);
                try (ResultSet rs = query.executeQuery()) {
                    return rs.next() ? Optional.of(StoredText.read(rs, "request_body").getBytes(StandardCharsets.UTF_8))
                            : Optional.<byte[]>empty();
                }
            }
        });
    }

    /** Every reload, at startup, by the watcher or through the API, is recorded; applied versions are stored once. */
    void onReload(@Observes ReloadReport report) {
        if (report.outcome() == ReloadReport.Outcome.APPLIED && ruleBase.loaded()) {
            Ruleset ruleset = ruleBase.current();
            if (ruleset.version().equals(report.version())) {
                writer.submit(new RulesetWork(ruleset.version(), report.at().toEpochMilli(), ruleset.directory(),
                        new LinkedHashMap<>(ruleset.sources()), ruleTexts(ruleset), json(ruleset.residentTrace())));
            }
        }
        String errors;
        try {
            errors = mapper.writeValueAsString(report.errors());
        } catch (JsonProcessingException e) {
            errors = "[]";
        }
        writer.submit(new ReloadWork(UUID.randomUUID().toString(), report.at().toEpochMilli(), report.outcome().name(),
                report.trigger(), report.version(), report.previousVersion(), errors));
    }

    /** Each rule's text, from its {@code rule} line to its {@code end} line, as the file holds it now. */
    static List<RuleText> ruleTexts(Ruleset ruleset) {
        List<RuleText> texts = new ArrayList<>();
        for (RuleInfo rule : ruleset.rules()) {
            String content = ruleset.sources().get(rule.file());
            texts.add(new RuleText(rule.id(), rule.file(), rule.line(), content == null ? "" : ruleText(content, rule.line())));
        }
        return texts;
    }

    static String ruleText(String content, int line) {
        String[] lines = content.split("\n", -1);
        if (line < 1 || line > lines.length) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (int i = line - 1; i < lines.length; i++) {
            text.append(lines[i]).append('\n');
            if (lines[i].strip().equals("end")) {
                break;
            }
        }
        return text.toString();
    }

    // ---- queries ------------------------------------------------------------------------------------

    /** Records newest first, filtered; {@code cursor} is the {@code nextCursor} of the previous page. */
    public Page page(Instant from, Instant to, String rule, String code, String reference, int limit, Long cursor) {
        StringBuilder sql = new StringBuilder("SELECT r.seq, r.id, r.recorded_at, r.principal, r.client_ref,"
                + " r.ruleset_version, r.diagnosis, r.diagnosis_deflated FROM audit_record r WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        range(sql, args, from, to);
        if (reference != null) {
            sql.append(" AND r.client_ref = ?");
            args.add(reference);
        }
        if (rule != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM audit_fired_rule f WHERE f.record_seq = r.seq AND f.rule_id = ?)");
            args.add(rule);
        }
        if (code != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM audit_finding_code c WHERE c.record_seq = r.seq AND c.code = ?)");
            args.add(code);
        }
        if (cursor != null) {
            sql.append(" AND r.seq < ?");
            args.add(cursor);
        }
        // one more than asked, to know whether an older page exists
        sql.append(" ORDER BY r.seq DESC FETCH FIRST ").append(limit + 1).append(" ROWS ONLY");
        return read(db -> {
            try (PreparedStatement query = prepare(db, sql.toString(), args); ResultSet rs = query.executeQuery()) {
                List<Summary> items = new ArrayList<>();
                long lastSeq = 0;
                boolean more = false;
                while (rs.next()) {
                    if (items.size() == limit) {
                        more = true;
                        break;
                    }
                    lastSeq = rs.getLong(1);
                    JsonNode diagnosis = parse(StoredText.read(rs, "diagnosis"), JsonNode.class);
                    List<String> findings = new ArrayList<>();
                    diagnosis.path("findings").forEach(finding -> findings.add(finding.path("code").asText()));
                    JsonNode strategy = diagnosis.path("recommendation").path("strategy");
                    items.add(new Summary(rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4),
                            rs.getString(5), rs.getString(6), strategy.isTextual() ? strategy.asText() : null, findings));
                }
                return new Page(items, more ? Long.toString(lastSeq) : null);
            }
        });
    }

    /** One record with everything an auditor needs, or empty. */
    public Optional<AuditViews.Record> view(String id) {
        return read(db -> {
            try (PreparedStatement query = db.prepareStatement("SELECT id, recorded_at, principal, client_ref,"
                    + " ruleset_version, request_body, request_body_deflated, diagnosis, diagnosis_deflated, previous_hash, record_hash"
                    + " FROM audit_record WHERE id = ?")) {
                query.setString(1, id);
                try (ResultSet rs = query.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<AuditViews.Record>empty();
                    }
                    String version = rs.getString(5);
                    String requestBody = StoredText.read(rs, "request_body");
                    JsonNode diagnosis = parse(StoredText.read(rs, "diagnosis"), JsonNode.class);
                    JsonNode request;
                    try {
                        request = mapper.readTree(requestBody);
                    } catch (JsonProcessingException e) {
                        request = null; // only valid cases are recorded; kept defensive for hand-made rows
                    }
                    return Optional.of(new AuditViews.Record(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                            rs.getString(3), rs.getString(4), version, request, requestBody, diagnosis,
                            diagnosis.path("trace"), firedRules(db, version, diagnosis.path("trace")), rs.getString("previous_hash"),
                            rs.getString("record_hash")));
                }
            }
        });
    }

    private List<FiredRule> firedRules(Connection db, String version, JsonNode trace) throws SQLException {
        Map<String, FiredRule> stored = new LinkedHashMap<>();
        try (PreparedStatement query = db.prepareStatement(
                "SELECT rule_id, file, line, source FROM ruleset_rule WHERE version = ?")) {
            query.setString(1, version);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getString(1), new FiredRule(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4)));
                }
            }
        }
        Map<String, FiredRule> fired = new LinkedHashMap<>();
        for (JsonNode step : trace) {
            String rule = step.path("rule").asText();
            fired.computeIfAbsent(rule, id -> stored.getOrDefault(id,
                    new FiredRule(id, step.path("file").asText(null), 0, null)));
        }
        return List.copyOf(fired.values());
    }

    /** Walks the whole chain in order and reports the first record that does not hold. */
    public ChainCheck verify() {
        return read(db -> {
            // page by position: an embedded H2 builds a whole result before the first row, and a trail of
            // thousands of records does not fit a small heap at once
            long count = 0;
            long expectedSeq = 1;
            String previous = Chain.GENESIS;
            String brokenId = null;
            String problem = null;
            long after = 0;
            try (PreparedStatement query = db.prepareStatement("SELECT seq, id, recorded_at, principal, client_ref,"
                    + " ruleset_version, request_body, request_body_deflated, diagnosis, diagnosis_deflated, previous_hash, record_hash"
                    + " FROM audit_record WHERE seq > ? ORDER BY seq FETCH FIRST " + VERIFY_PAGE + " ROWS ONLY")) {
                int rows;
                do {
                    query.setLong(1, after);
                    rows = 0;
                    try (ResultSet rs = query.executeQuery()) {
                        while (rs.next()) {
                            rows++;
                            count++;
                            long seq = rs.getLong("seq");
                            after = seq;
                            if (brokenId != null) {
                                continue; // keep counting
                            }
                            String id = rs.getString("id");
                            String digest;
                            try {
                                digest = Chain.contentDigest(id, rs.getLong("recorded_at"), rs.getString("principal"),
                                        rs.getString("client_ref"), rs.getString("ruleset_version"), StoredText.read(rs, "request_body"),
                                        StoredText.read(rs, "diagnosis"));
                            } catch (IllegalStateException unreadable) {
                                digest = null;
                            }
                            String storedPrevious = rs.getString("previous_hash");
                            String storedHash = rs.getString("record_hash");
                            if (seq != expectedSeq) {
                                brokenId = id;
                                problem = "record(s) missing before this one: position " + seq + ", expected " + expectedSeq;
                            } else if (!previous.equals(storedPrevious)) {
                                brokenId = id;
                                problem = "its previous hash does not match the record before it";
                            } else if (digest == null) {
                                brokenId = id;
                                problem = "its stored content cannot be decompressed";
                            } else if (!Chain.link(previous, digest).equals(storedHash)) {
                                brokenId = id;
                                problem = "its content does not match its hash";
                            }
                            previous = storedHash;
                            expectedSeq = seq + 1;
                        }
                    }
                } while (rows == VERIFY_PAGE);
            }
            return new ChainCheck(count, brokenId == null, brokenId, problem);
        });
    }

    /**
     * The records of a time range, oldest first, one JSON object a line (the agreed export format:
     * id, recordedAt, principal, reference, rulesetVersion, request, diagnosis, hash, previousHash).
     * Read {@value #EXPORT_PAGE} records at a time by position: neither embedded H2 nor PostgreSQL's driver
     * (outside a transaction) streams a result set, and one query over a large store held every record in
     * the heap (H2 failed with OutOfMemoryError at 10,000 records under -Xmx192m). The first page is read
     * before the answer starts, so an unavailable store is still a 503.
     */
    public StreamingOutput export(Instant from, Instant to) {
        StringBuilder sql = new StringBuilder("SELECT r.seq, r.id, r.recorded_at, r.principal, r.client_ref, r.ruleset_version,"
                + " r.request_body, r.request_body_deflated, r.diagnosis, r.diagnosis_deflated, r.record_hash, r.previous_hash"
                + " FROM audit_record r WHERE r.seq > ?");
        List<Object> args = new ArrayList<>();
        args.add(0L);
        range(sql, args, from, to);
        sql.append(" ORDER BY r.seq FETCH FIRST ").append(EXPORT_PAGE).append(" ROWS ONLY");
        Connection db;
        List<String> first;
        try {
            db = database.borrow();
        } catch (SQLException e) {
            throw unavailable(e);
        }
        long[] after = { 0L };
        try {
            first = exportPage(db, sql.toString(), args, after);
        } catch (SQLException | IOException e) {
            database.release(db, true);
            throw unavailable(e);
        }
        return output -> {
            boolean broken = false;
            try {
                Writer out = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8));
                List<String> page = first;
                while (true) {
                    for (String line : page) {
                        out.write(line);
                        out.write('\n');
                    }
                    if (page.size() < EXPORT_PAGE) {
                        break;
                    }
                    args.set(0, after[0]);
                    page = exportPage(db, sql.toString(), args, after);
                }
                out.flush();
            } catch (SQLException e) {
                broken = true;
                Log.errorf("Audit export broke off: %s", e.getMessage());
                throw new IOException("the audit store failed during the export", e);
            } finally {
                database.release(db, broken);
            }
        };
    }

    /** One page of export lines, each serialised at once: a record's parsed tree is many times its text. */
    private List<String> exportPage(Connection db, String sql, List<Object> args, long[] after) throws SQLException, IOException {
        List<String> lines = new ArrayList<>(EXPORT_PAGE);
        try (PreparedStatement query = prepare(db, sql, args); ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                after[0] = rs.getLong("seq");
                ObjectNode line = mapper.createObjectNode();
                line.put("id", rs.getString("id"));
                line.put("recordedAt", Instant.ofEpochMilli(rs.getLong("recorded_at")).toString());
                line.put("principal", rs.getString("principal"));
                line.put("reference", rs.getString("client_ref"));
                line.put("rulesetVersion", rs.getString("ruleset_version"));
                line.set("request", mapper.readTree(StoredText.read(rs, "request_body")));
                line.set("diagnosis", mapper.readTree(StoredText.read(rs, "diagnosis")));
                line.put("hash", rs.getString("record_hash"));
                line.put("previousHash", rs.getString("previous_hash"));
                lines.add(mapper.writeValueAsString(line));
            }
        }
        return lines;
    }

    /** Every file and rule of a stored ruleset version, or empty. */
    public Optional<AuditViews.Ruleset> ruleset(String version) {
        return read(db -> {
            Instant applied;
            String directory;
            List<TraceEntry> residentTrace;
            try (PreparedStatement query = db.prepareStatement(
                    "SELECT first_applied_at, directory, resident_trace FROM ruleset_version WHERE version = ?")) {
                query.setString(1, version);
                try (ResultSet rs = query.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<AuditViews.Ruleset>empty();
                    }
                    applied = Instant.ofEpochMilli(rs.getLong("first_applied_at"));
                    directory = rs.getString("directory");
                    String trace = rs.getString("resident_trace");
                    residentTrace = trace == null ? null : parse(trace, RESIDENT_TRACE);
                }
            }
            List<RulesetFile> files = new ArrayList<>();
            try (PreparedStatement query = db.prepareStatement(
                    "SELECT path, sha256, content FROM ruleset_file WHERE version = ? ORDER BY path")) {
                query.setString(1, version);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        files.add(new RulesetFile(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }
            }
            List<RulesetRule> rules = new ArrayList<>();
            try (PreparedStatement query = db.prepareStatement(
                    "SELECT rule_id, file, line, source FROM ruleset_rule WHERE version = ? ORDER BY file, line")) {
                query.setString(1, version);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        rules.add(new RulesetRule(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4)));
                    }
                }
            }
            return Optional.of(new AuditViews.Ruleset(version, applied, directory, files, rules, residentTrace));
        });
    }

    /** Every version ever applied, newest first. */
    public List<RulesetSummary> rulesets() {
        return read(db -> {
            try (PreparedStatement query = db.prepareStatement("SELECT v.version, v.first_applied_at,"
                    + " (SELECT COUNT(*) FROM ruleset_file f WHERE f.version = v.version) FROM ruleset_version v"
                    + " ORDER BY v.first_applied_at DESC");
                    ResultSet rs = query.executeQuery()) {
                List<RulesetSummary> versions = new ArrayList<>();
                while (rs.next()) {
                    versions.add(new RulesetSummary(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getInt(3)));
                }
                return versions;
            }
        });
    }

    /** The latest reload attempts, newest first. */
    public List<Reload> reloads(int limit) {
        return read(db -> {
            try (PreparedStatement query = db.prepareStatement("SELECT happened_at, outcome, triggered_by, version,"
                    + " previous_version, errors FROM ruleset_reload ORDER BY happened_at DESC, id FETCH FIRST "
                    + limit + " ROWS ONLY");
                    ResultSet rs = query.executeQuery()) {
                List<Reload> reloads = new ArrayList<>();
                while (rs.next()) {
                    reloads.add(new Reload(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), parse(rs.getString(6), RULE_ERRORS)));
                }
                return reloads;
            }
        });
    }

    /** Whether the store answers now (readiness). */
    boolean reachable() {
        try {
            return read(db -> db.isValid(2));
        } catch (ProblemException e) {
            return false;
        }
    }

    String describe() {
        return database.describe();
    }

    /** Batches committed and diagnoses in them since start (group commit at work). */
    long[] committed() {
        return writer.committed();
    }

    // ---- plumbing -----------------------------------------------------------------------------------

    private interface Query<T> {
        T run(Connection db) throws SQLException;
    }

    private <T> T read(Query<T> query) {
        Connection db = null;
        boolean broken = false;
        try {
            db = database.borrow();
            return query.run(db);
        } catch (SQLException e) {
            broken = true;
            throw unavailable(e);
        } finally {
            database.release(db, broken);
        }
    }

    private static void range(StringBuilder sql, List<Object> args, Instant from, Instant to) {
        if (from != null) {
            sql.append(" AND r.recorded_at >= ?");
            args.add(from.toEpochMilli());
        }
        if (to != null) {
            sql.append(" AND r.recorded_at < ?");
            args.add(to.toEpochMilli());
        }
    }

    private static PreparedStatement prepare(Connection db, String sql, List<Object> args) throws SQLException {
        PreparedStatement statement = db.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            statement.setObject(i + 1, args.get(i));
        }
        return statement;
    }

    private <T> T parse(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a stored record is not valid JSON", e);
        }
    }

    private <T> T parse(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a stored record is not valid JSON", e);
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a trace always serialises", e);
        }
    }

    private static final AtomicLong LAST_WARNED = new AtomicLong();

    private static ProblemException unavailable(Throwable cause) {
        // the operator sees why clients got a 503, once in ten seconds at most (an outage refuses every
        // request); each one, with its stack trace, at debug level
        long now = System.nanoTime();
        long last = LAST_WARNED.get();
        if ((last == 0 || now - last > TimeUnit.SECONDS.toNanos(10)) && LAST_WARNED.compareAndSet(last, now)) {
            Log.warnf("Audit store unavailable, answering 503: %s", cause);
        }
        Log.debugf(cause, "Audit store unavailable");
        return new ProblemException(503, "audit-unavailable", "The audit trail is unavailable",
                "The answer cannot be recorded or read right now, so none is given; try again shortly.");
    }
}

package dev.transferadvisor.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.StreamingOutput;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.transferadvisor.audit.AuditViews.FiredRule;
import dev.transferadvisor.audit.AuditViews.Page;
import dev.transferadvisor.audit.AuditViews.Summary;
import dev.transferadvisor.system.ProblemException;
import io.quarkus.logging.Log;

/** The auditors' queries: records listed by filter and page, one record in full, a time range exported. */
@ApplicationScoped
public class AuditQueries {

    static final int MAX_LIMIT = 500;
    /** How records are exported: JSON Lines, one record a line. */
    public static final String JSON_LINES = "application/jsonl";
    private static final int EXPORT_PAGE = 50;

    @Inject
    AuditStore store;

    @Inject
    ObjectMapper mapper;

    /**
     * A page's cursor as a client passes it back ({@code nextCursor} of the previous page); null for the first page.
     *
     * @throws ProblemException 400 naming {@code cursor} when it is not one this service gave out
     */
    public static Long cursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(cursor.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.invalidQuery("cursor", "is not a cursor this service gave out");
        }
    }

    /** Records newest first, filtered; {@code cursor} is the {@code nextCursor} of the previous page. */
    public Page page(Instant from, Instant to, String rule, String code, String reference, int limit, Long cursor) {
        StringBuilder sql = new StringBuilder("SELECT r.seq, r.id, r.recorded_at, r.principal, r.client_ref,"
                + " r.ruleset_version, r.diagnosis, r.diagnosis_deflated, r.diagnosis_dictionary FROM audit_record r WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        AuditStore.range(sql, args, from, to);
        if (reference != null) {
            sql.append(" AND r.client_ref = ?");
            args.add(reference);
        }
        // in the record on H2, in two indexed tables on PostgreSQL (AuditDatabase.labelsInRecord)
        if (rule != null && store.labelsInRecord()) {
            sql.append(" AND r.fired_rules LIKE ? ESCAPE '!'");
            args.add(RecordLabels.pattern(rule));
        } else if (rule != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM audit_fired_rule f WHERE f.record_seq = r.seq AND f.rule_id = ?)");
            args.add(rule);
        }
        if (code != null && store.labelsInRecord()) {
            sql.append(" AND r.finding_codes LIKE ? ESCAPE '!'");
            args.add(RecordLabels.pattern(code));
        } else if (code != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM audit_finding_code c WHERE c.record_seq = r.seq AND c.code = ?)");
            args.add(code);
        }
        if (cursor != null) {
            sql.append(" AND r.seq < ?");
            args.add(cursor);
        }
        // one more than asked, to know whether an older page exists
        sql.append(" ORDER BY r.seq DESC FETCH FIRST ").append(limit + 1).append(" ROWS ONLY");
        return store.read(db -> {
            try (PreparedStatement query = AuditStore.prepare(db, sql.toString(), args); ResultSet rs = query.executeQuery()) {
                List<Summary> items = new ArrayList<>();
                long lastSeq = 0;
                boolean more = false;
                while (rs.next()) {
                    if (items.size() == limit) {
                        more = true;
                        break;
                    }
                    lastSeq = rs.getLong("seq");
                    JsonNode diagnosis = store.parse(StoredText.readBytes(rs, "diagnosis"), JsonNode.class);
                    List<String> findings = new ArrayList<>();
                    diagnosis.path("findings").forEach(finding -> findings.add(finding.path("code").asText()));
                    JsonNode strategy = diagnosis.path("recommendation").path("strategy");
                    items.add(new Summary(rs.getString("id"), Instant.ofEpochMilli(rs.getLong("recorded_at")),
                            rs.getString("principal"), rs.getString("client_ref"), rs.getString("ruleset_version"),
                            strategy.isTextual() ? strategy.asText() : null, findings));
                }
                return new Page(items, more ? Long.toString(lastSeq) : null);
            }
        });
    }

    /** One record with everything an auditor needs, or empty. */
    public Optional<AuditViews.Record> view(String id) {
        return store.read(db -> {
            try (PreparedStatement query = db.prepareStatement("SELECT id, recorded_at, principal, client_ref,"
                    + " ruleset_version, request_body, request_body_deflated, request_body_dictionary,"
                    + " diagnosis, diagnosis_deflated, diagnosis_dictionary, previous_hash, record_hash,"
                    + " chain_id, chain_seq FROM audit_record WHERE id = ?")) {
                query.setString(1, id);
                try (ResultSet rs = query.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<AuditViews.Record>empty();
                    }
                    String version = rs.getString("ruleset_version");
                    String requestBody = StoredText.read(rs, "request_body");
                    JsonNode diagnosis = store.parse(StoredText.readBytes(rs, "diagnosis"), JsonNode.class);
                    JsonNode request;
                    try {
                        request = mapper.readTree(requestBody);
                    } catch (JsonProcessingException e) {
                        request = null; // only valid cases are recorded; kept defensive for hand-made rows
                    }
                    return Optional.of(new AuditViews.Record(rs.getString("id"), Instant.ofEpochMilli(rs.getLong("recorded_at")),
                            rs.getString("principal"), rs.getString("client_ref"), version, request, requestBody, diagnosis,
                            diagnosis.path("trace"), firedRules(db, version, diagnosis.path("trace")), rs.getString("previous_hash"),
                            rs.getString("record_hash"), rs.getString("chain_id"), rs.getLong("chain_seq")));
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
                    String id = rs.getString("rule_id");
                    stored.put(id, new FiredRule(id, rs.getString("file"), rs.getInt("line"), rs.getString("source")));
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

    /**
     * The records of a time range, oldest first, one JSON object a line (the agreed export format:
     * id, recordedAt, principal, reference, rulesetVersion, request, diagnosis, hash, previousHash; and chain and
     * chainPosition, with which each instance's chain is rebuilt from an export).
     * Read {@value #EXPORT_PAGE} records at a time by position: neither embedded H2 nor PostgreSQL's driver
     * (outside a transaction) streams a result set, and one query over a large store held every record in
     * the heap (H2 failed with OutOfMemoryError at 10,000 records under -Xmx192m). The first page is read
     * before the answer starts, so an unavailable store is still a 503.
     */
    public StreamingOutput export(Instant from, Instant to) {
        StringBuilder sql = new StringBuilder("SELECT r.seq, r.id, r.recorded_at, r.principal, r.client_ref, r.ruleset_version,"
                + " r.request_body, r.request_body_deflated, r.request_body_dictionary,"
                + " r.diagnosis, r.diagnosis_deflated, r.diagnosis_dictionary, r.record_hash, r.previous_hash,"
                + " r.chain_id, r.chain_seq FROM audit_record r WHERE r.seq > ?");
        List<Object> args = new ArrayList<>();
        args.add(0L);
        AuditStore.range(sql, args, from, to);
        sql.append(" ORDER BY r.seq FETCH FIRST ").append(EXPORT_PAGE).append(" ROWS ONLY");
        Connection db;
        List<String> first;
        try {
            db = store.borrow();
        } catch (SQLException e) {
            throw AuditStore.unavailable(e);
        }
        long[] after = { 0L };
        try {
            first = exportPage(db, sql.toString(), args, after);
        } catch (SQLException | IOException e) {
            store.release(db, true);
            throw AuditStore.unavailable(e);
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
                store.release(db, broken);
            }
        };
    }

    /** One page of export lines, each serialised at once: a record's parsed tree is many times its text. */
    private List<String> exportPage(Connection db, String sql, List<Object> args, long[] after) throws SQLException, IOException {
        List<String> lines = new ArrayList<>(EXPORT_PAGE);
        try (PreparedStatement query = AuditStore.prepare(db, sql, args); ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                after[0] = rs.getLong("seq");
                ObjectNode line = mapper.createObjectNode();
                line.put("id", rs.getString("id"));
                line.put("recordedAt", Instant.ofEpochMilli(rs.getLong("recorded_at")).toString());
                line.put("principal", rs.getString("principal"));
                line.put("reference", rs.getString("client_ref"));
                line.put("rulesetVersion", rs.getString("ruleset_version"));
                line.set("request", mapper.readTree(StoredText.readBytes(rs, "request_body")));
                line.set("diagnosis", mapper.readTree(StoredText.readBytes(rs, "diagnosis")));
                line.put("hash", rs.getString("record_hash"));
                line.put("previousHash", rs.getString("previous_hash"));
                line.put("chain", rs.getString("chain_id"));
                line.put("chainPosition", rs.getLong("chain_seq"));
                lines.add(mapper.writeValueAsString(line));
            }
        }
        return lines;
    }
}

package dev.transferadvisor.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.transferadvisor.audit.AuditViews.Reload;
import dev.transferadvisor.audit.AuditViews.RulesetFile;
import dev.transferadvisor.audit.AuditViews.RulesetRule;
import dev.transferadvisor.audit.AuditViews.RulesetSummary;
import dev.transferadvisor.audit.AuditWriter.ReloadWork;
import dev.transferadvisor.audit.AuditWriter.RuleText;
import dev.transferadvisor.audit.AuditWriter.RulesetWork;
import dev.transferadvisor.ruleset.ReloadReport;
import dev.transferadvisor.ruleset.RuleBase;
import dev.transferadvisor.ruleset.RuleInfo;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.ruleset.RuleError;
import dev.transferadvisor.ruleset.TraceEntry;

/** Every ruleset version ever applied, with its files and rules, and every reload attempt, recorded and read back. */
@ApplicationScoped
public class RulesetHistory {

    private static final TypeReference<List<RuleError>> RULE_ERRORS = new TypeReference<>() {
    };
    private static final TypeReference<List<TraceEntry>> RESIDENT_TRACE = new TypeReference<>() {
    };

    @Inject
    AuditStore store;

    @Inject
    ObjectMapper mapper;

    @Inject
    RuleBase ruleBase;

    /** Every reload, at startup, by the watcher or through the API, is recorded; applied versions are stored once. */
    void onReload(@Observes ReloadReport report) {
        if (report.outcome() == ReloadReport.Outcome.APPLIED && ruleBase.loaded()) {
            Ruleset ruleset = ruleBase.current();
            if (ruleset.version().equals(report.version())) {
                store.submit(new RulesetWork(ruleset.version(), report.at().toEpochMilli(), ruleset.directory(),
                        new LinkedHashMap<>(ruleset.sources()), ruleTexts(ruleset), store.json(ruleset.residentTrace())));
            }
        }
        String errors;
        try {
            errors = mapper.writeValueAsString(report.errors());
        } catch (JsonProcessingException e) {
            errors = "[]";
        }
        store.submit(new ReloadWork(UUID.randomUUID().toString(), report.at().toEpochMilli(), report.outcome().name(),
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

    /** What the API and the console say of a version no reload ever applied. */
    public static String neverApplied(String version) {
        return "No ruleset version " + version + " was ever applied";
    }

    /** Every file and rule of a stored ruleset version, or empty ({@link #neverApplied} says so). */
    public Optional<AuditViews.Ruleset> ruleset(String version) {
        return store.read(db -> {
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
                    residentTrace = trace == null ? null : store.parse(trace, RESIDENT_TRACE);
                }
            }
            List<RulesetFile> files = new ArrayList<>();
            try (PreparedStatement query = db.prepareStatement(
                    "SELECT path, sha256, content FROM ruleset_file WHERE version = ? ORDER BY path")) {
                query.setString(1, version);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        files.add(new RulesetFile(rs.getString("path"), rs.getString("sha256"), rs.getString("content")));
                    }
                }
            }
            List<RulesetRule> rules = new ArrayList<>();
            try (PreparedStatement query = db.prepareStatement(
                    "SELECT rule_id, file, line, source FROM ruleset_rule WHERE version = ? ORDER BY file, line")) {
                query.setString(1, version);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        rules.add(new RulesetRule(rs.getString("rule_id"), rs.getString("file"), rs.getInt("line"),
                                rs.getString("source")));
                    }
                }
            }
            return Optional.of(new AuditViews.Ruleset(version, applied, directory, files, rules, residentTrace));
        });
    }

    /** Every version ever applied, newest first. */
    public List<RulesetSummary> rulesets() {
        return store.read(db -> {
            try (PreparedStatement query = db.prepareStatement("SELECT v.version, v.first_applied_at,"
                    + " (SELECT COUNT(*) FROM ruleset_file f WHERE f.version = v.version) AS files FROM ruleset_version v"
                    + " ORDER BY v.first_applied_at DESC");
                    ResultSet rs = query.executeQuery()) {
                List<RulesetSummary> versions = new ArrayList<>();
                while (rs.next()) {
                    versions.add(new RulesetSummary(rs.getString("version"), Instant.ofEpochMilli(rs.getLong("first_applied_at")),
                            rs.getInt("files")));
                }
                return versions;
            }
        });
    }

    /** The latest reload attempts, newest first. */
    public List<Reload> reloads(int limit) {
        return store.read(db -> {
            try (PreparedStatement query = db.prepareStatement("SELECT happened_at, outcome, triggered_by, version,"
                    + " previous_version, errors FROM ruleset_reload ORDER BY happened_at DESC, id FETCH FIRST "
                    + limit + " ROWS ONLY");
                    ResultSet rs = query.executeQuery()) {
                List<Reload> reloads = new ArrayList<>();
                while (rs.next()) {
                    reloads.add(new Reload(Instant.ofEpochMilli(rs.getLong("happened_at")), rs.getString("outcome"),
                            rs.getString("triggered_by"), rs.getString("version"), rs.getString("previous_version"),
                            store.parse(rs.getString("errors"), RULE_ERRORS)));
                }
                return reloads;
            }
        });
    }
}

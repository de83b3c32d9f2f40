package dev.transferadvisor.console;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.transferadvisor.advice.Diagnosis;
import dev.transferadvisor.audit.AuditQueries;
import dev.transferadvisor.audit.AuditViews;
import dev.transferadvisor.audit.ChainVerification;
import dev.transferadvisor.audit.RulesetHistory;
import dev.transferadvisor.ruleset.RuleBase;
import dev.transferadvisor.ruleset.RuleInfo;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.system.Problem;
import dev.transferadvisor.system.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The audit trail for auditors: records listed newest first by filter, one record with the request as received,
 * the answer, why (each fired rule's source as it stood in that version) and its place in its chain; the chains
 * verified; a time range downloaded as JSON Lines. Each page asks the services the matching {@code /api/audit}
 * operation asks (AuditQueries, ChainVerification, RulesetHistory), with the same checks of what was typed, so the
 * console and the API cannot tell two stories; the download is served here because the API takes HTTP Basic
 * credentials, which a browser's console session does not carry.
 */
@Path("/console/audit")
@RolesAllowed("auditor")
public class AuditConsole {

    static final int PAGE_SIZE = 25;

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Inject
    ConsoleTemplates templates;

    @Inject
    SecurityIdentity identity;

    @Inject
    AuditQueries queries;

    @Inject
    ChainVerification chain;

    @Inject
    RulesetHistory history;

    @Inject
    RuleBase ruleBase;

    @Inject
    ObjectMapper mapper;

    /** A line of the list. */
    public record Row(String id, String href, String recordedAt, String recordedAtIso, String principal, String reference,
            String version, String shortVersion, String strategy, List<String> findings) {
    }

    /** A fired rule's section of a record page: its text as the record's version had it. */
    public record RuleSection(String id, String anchor, String file, String where, List<RuleSources.Line> lines,
            String firings, String description) {
    }

    @GET
    public Response list(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("rule") String rule,
            @QueryParam("code") String code, @QueryParam("reference") String reference, @QueryParam("cursor") String cursor) {
        AuditFilters filters = AuditFilters.read(from, to, rule, code, reference);
        if (!filters.valid()) {
            return listPage(Response.Status.BAD_REQUEST, filters, List.of(), null, false);
        }
        AuditViews.Page page;
        try {
            page = queries.page(filters.fromInstant(), filters.toInstant(), AuditFilters.orNull(filters.rule()),
                    AuditFilters.orNull(filters.code()), AuditFilters.orNull(filters.reference()), PAGE_SIZE, AuditQueries.cursor(cursor));
        } catch (ProblemException e) {
            if (e.status() != 400) {
                throw e;
            }
            return listPage(Response.Status.BAD_REQUEST, filters.withErrors(fieldErrors(e)), List.of(), null, false);
        }
        List<Row> rows = new ArrayList<>();
        for (AuditViews.Summary summary : page.items()) {
            rows.add(new Row(summary.id(), recordHref(summary.id()), UtcTimes.shown(summary.recordedAt()),
                    summary.recordedAt().toString(), summary.principal(), summary.reference(), summary.rulesetVersion(),
                    shortVersion(summary.rulesetVersion()), summary.strategy(), distinct(summary.findings())));
        }
        String older = page.nextCursor() == null ? null : filters.olderHref(page.nextCursor());
        return listPage(Response.Status.OK, filters, rows, older, cursor != null && !cursor.isBlank());
    }

    private Response listPage(Response.Status status, AuditFilters filters, List<Row> rows, String olderHref, boolean olderPage) {
        Map<String, Object> data = new HashMap<>();
        data.put("filters", filters);
        data.put("rows", rows);
        data.put("olderHref", olderHref);
        data.put("olderPage", olderPage);
        data.put("pageSize", PAGE_SIZE);
        TreeSet<String> rules = new TreeSet<>();
        TreeSet<String> codes = new TreeSet<>();
        if (ruleBase.loaded()) {
            for (RuleInfo info : ruleBase.current().rules()) {
                rules.add(info.id());
                Object declared = info.metadata().get("code");
                if (declared != null) {
                    codes.add(declared.toString());
                }
            }
        }
        data.put("ruleIds", List.copyOf(rules));
        data.put("codes", List.copyOf(codes));
        return templates.page(status, "console/audit", Nav.of(identity), data);
    }

    @GET
    @Path("records/{id}")
    public Response record(@PathParam("id") String id) {
        AuditViews.Record record = queries.view(id).orElse(null);
        if (record == null) {
            return templates.notFound(Nav.of(identity), "No such audit record", "No audit record has the id " + id + ".",
                    "/console/audit", "All records");
        }
        Map<String, String> files = versionFiles(record.rulesetVersion());
        Map<String, List<Integer>> firings = new LinkedHashMap<>();
        Map<String, String> descriptions = new HashMap<>();
        for (JsonNode step : record.trace()) {
            String rule = step.path("rule").asText();
            firings.computeIfAbsent(rule, r -> new ArrayList<>()).add(step.path("sequence").asInt());
            JsonNode description = step.path("metadata").path("description");
            if (description.isTextual()) {
                descriptions.putIfAbsent(rule, description.asText());
            }
        }
        RuleSources sources = new RuleSources(files);
        List<RuleSection> sections = new ArrayList<>();
        Map<String, String> where = new HashMap<>();
        for (AuditViews.FiredRule fired : record.firedRules()) {
            RuleSources.Located located = sources.locate(fired.id(), fired.file(), fired.source(), fired.line());
            where.put(fired.id(), located.where());
            List<String> numbers = firings.getOrDefault(fired.id(), List.of()).stream().map(n -> "#" + n).toList();
            sections.add(new RuleSection(fired.id(), "rule-" + fired.id(), located.file(), located.where(), located.lines(),
                    String.join(", ", numbers), descriptions.get(fired.id())));
        }

        Map<String, Object> data = new HashMap<>();
        data.put("record", record);
        data.put("recordedAt", UtcTimes.shown(record.recordedAt()));
        data.put("recordedAtIso", record.recordedAt().toString());
        data.put("shortVersion", shortVersion(record.rulesetVersion()));
        data.put("versionStored", !files.isEmpty());
        data.put("request", pretty(record.request(), record.requestBody()));
        data.put("requestBytes", record.requestBody() == null ? 0 : record.requestBody().getBytes(StandardCharsets.UTF_8).length);
        data.put("rules", sections);
        Diagnosis diagnosis = diagnosis(record.diagnosis());
        data.put("answer", diagnosis == null ? null : AnswerView.of(diagnosis, where::get, rule -> "#rule-" + rule, null));
        data.put("diagnosisJson", diagnosis == null ? pretty(record.diagnosis(), null) : null);
        return templates.page("console/audit-record", Nav.of(identity), data);
    }

    @GET
    @Path("verify")
    public Response verify(@QueryParam("fromAnchor") String fromAnchor) {
        String typed = fromAnchor == null ? "" : fromAnchor.strip();
        Map<String, Object> data = new HashMap<>();
        data.put("fromAnchor", typed);
        data.put("fromAnchorError", null);
        data.put("check", null);
        Response.Status status = Response.Status.OK;
        try {
            data.put("check", chain.verify(ChainVerification.fromAnchor(typed)));
        } catch (ProblemException e) {
            if (e.status() == 404) {
                status = Response.Status.NOT_FOUND;
                data.put("fromAnchorError", "there is no anchor " + typed + "; verify from the beginning to see the latest");
            } else if (e.status() == 400) {
                status = Response.Status.BAD_REQUEST;
                data.put("fromAnchorError", fieldErrors(e).getOrDefault("fromAnchor", e.getMessage()));
            } else {
                throw e;
            }
        }
        return templates.page(status, "console/audit-verify", Nav.of(identity), data);
    }

    /** The same JSON Lines as {@code GET /api/audit/export}, as a download. */
    @GET
    @Path("export")
    public Response export(@QueryParam("from") String from, @QueryParam("to") String to) {
        AuditFilters filters = AuditFilters.read(from, to, null, null, null);
        if (!filters.valid()) {
            return listPage(Response.Status.BAD_REQUEST, filters, List.of(), null, false);
        }
        String name = "audit-records-" + FILE_TIME.format(Instant.now()) + ".jsonl";
        return Response.ok(queries.export(filters.fromInstant(), filters.toInstant()), AuditQueries.JSON_LINES)
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }

    /** Finding codes once each, highest severity first as the API lists them, with how often a code was found. */
    static List<String> distinct(List<String> codes) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        codes.forEach(code -> counts.merge(code, 1, Integer::sum));
        List<String> shown = new ArrayList<>();
        counts.forEach((code, n) -> shown.add(n == 1 ? code : code + " ×" + n));
        return shown;
    }

    /** {@link Ruleset#shortVersion}, blank rather than absent: the audit pages print it as it is. */
    static String shortVersion(String version) {
        return version == null ? "" : Ruleset.shortVersion(version);
    }

    static String recordHref(String id) {
        return "/console/audit/records/" + id;
    }

    /** The files of a stored ruleset version (path → content); none when the version is not stored. */
    private Map<String, String> versionFiles(String version) {
        Map<String, String> files = new LinkedHashMap<>();
        history.ruleset(version).ifPresent(stored -> stored.files().forEach(file -> files.put(file.path(), file.content())));
        return files;
    }

    private Diagnosis diagnosis(JsonNode stored) {
        try {
            return mapper.treeToValue(stored, Diagnosis.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null; // the page then shows the stored JSON as it is
        }
    }

    /** JSON indented for reading; the text as it is when it was not JSON. */
    private String pretty(JsonNode json, String text) {
        if (json == null || json.isMissingNode()) {
            return Objects.requireNonNullElse(text, "");
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            return Objects.requireNonNullElse(text, json.toString());
        }
    }

    /** The fields a 400 of the API names, with what is wrong with each. */
    private static Map<String, String> fieldErrors(ProblemException e) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (e.errors() != null) {
            for (Object error : e.errors()) {
                if (error instanceof Problem.FieldError field) {
                    errors.put(field.field(), field.message());
                }
            }
        }
        if (errors.isEmpty()) {
            errors.put("request", e.getMessage());
        }
        return errors;
    }
}

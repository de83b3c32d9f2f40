package dev.transferadvisor.console;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import dev.transferadvisor.audit.AuditViews;
import dev.transferadvisor.audit.RulesetHistory;
import dev.transferadvisor.ruleset.RuleBase;
import dev.transferadvisor.ruleset.RuleError;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The ruleset history for auditors: every version of the rules that served, with the reloads that applied it or
 * were rejected while it served, and what changed between any two versions, file by file. It asks the service
 * {@code GET /api/rulesets} and {@code GET /api/rulesets/reloads} ask (audit/RulesetHistory).
 */
@Path("/console/rulesets")
@RolesAllowed("auditor")
public class RulesetsConsole {

    /** Reloads read for the page, the most the API gives at once. */
    static final int RELOADS = 500;

    @Inject
    ConsoleTemplates templates;

    @Inject
    SecurityIdentity identity;

    @Inject
    RulesetHistory history;

    @Inject
    RuleBase ruleBase;

    /** A version of the rules with the reloads that concern it, newest first. */
    public record VersionRow(String version, String shortVersion, String anchor, String loadedAt, String loadedAtIso, int files,
            boolean serving, List<ReloadRow> reloads) {
    }

    /**
     * A reload: {@code version} is the version it compiled (null when the files could not be read), and for a
     * rejected reload the version that kept serving is the one it is listed under.
     */
    public record ReloadRow(String at, String atIso, String outcome, String trigger, String version, String shortVersion,
            List<RuleError> errors) {

        public boolean rejected() {
            return "REJECTED".equals(outcome);
        }
    }

    /** One of the two versions a diff compares. */
    public record Compared(String version, String shortVersion, String loadedAt, int files, boolean serving) {
    }

    /** An entry of a version select. */
    public record Option(String value, String label, boolean selected) {
    }

    @GET
    public Response history() {
        return historyPage(Response.Status.OK, null, null, Map.of());
    }

    @GET
    @Path("diff")
    public Response diff(@QueryParam("from") String from, @QueryParam("to") String to) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (from == null || from.isBlank()) {
            errors.put("from", "choose the version to compare from");
        }
        if (to == null || to.isBlank()) {
            errors.put("to", "choose the version to compare to");
        }
        if (!errors.isEmpty()) {
            return historyPage(Response.Status.BAD_REQUEST, from, to, errors);
        }
        AuditViews.Ruleset before = history.ruleset(from.strip()).orElse(null);
        AuditViews.Ruleset after = before == null ? null : history.ruleset(to.strip()).orElse(null);
        if (after == null) {
            String missing = (before == null ? from : to).strip();
            return templates.notFound(Nav.of(identity), "No such ruleset version", RulesetHistory.neverApplied(missing),
                    "/console/rulesets", "Ruleset history");
        }
        List<AuditViews.RulesetSummary> versions = history.rulesets();
        String serving = serving();
        Map<String, Object> data = new HashMap<>();
        data.put("from", compared(before, serving));
        data.put("to", compared(after, serving));
        data.put("diff", RulesetDiff.of(files(before), files(after)));
        data.put("fromOptions", options(versions, before.version(), serving));
        data.put("toOptions", options(versions, after.version(), serving));
        return templates.page("console/rulesets-diff", Nav.of(identity), data);
    }

    private Response historyPage(Response.Status status, String from, String to, Map<String, String> errors) {
        List<AuditViews.RulesetSummary> versions = history.rulesets();
        List<AuditViews.Reload> reloads = history.reloads(RELOADS);
        String serving = serving();

        Set<String> stored = versions.stream().map(AuditViews.RulesetSummary::version).collect(Collectors.toSet());
        Map<String, List<ReloadRow>> byVersion = new HashMap<>();
        List<ReloadRow> unattributed = new ArrayList<>();
        for (AuditViews.Reload reload : reloads) {
            // an applied or unchanged reload belongs to the version it compiled; a rejected one to the version that kept serving
            String under = "REJECTED".equals(reload.outcome()) ? reload.previousVersion() : reload.version();
            ReloadRow row = new ReloadRow(UtcTimes.shown(reload.at()), reload.at().toString(), reload.outcome(), reload.trigger(),
                    reload.version(), AuditConsole.shortVersion(reload.version()), reload.errors() == null ? List.of() : reload.errors());
            if (under != null && stored.contains(under)) {
                byVersion.computeIfAbsent(under, v -> new ArrayList<>()).add(row);
            } else {
                unattributed.add(row);
            }
        }
        List<VersionRow> rows = new ArrayList<>();
        for (AuditViews.RulesetSummary version : versions) {
            rows.add(new VersionRow(version.version(), AuditConsole.shortVersion(version.version()), "version-" + version.version(),
                    UtcTimes.shown(version.firstAppliedAt()), version.firstAppliedAt().toString(), version.files(),
                    version.version().equals(serving), byVersion.getOrDefault(version.version(), List.of())));
        }
        // by default what the last change did: the serving version and the one it replaced
        String chosenTo = to != null && !to.isBlank() ? to.strip() : serving != null ? serving : versions.isEmpty() ? null : versions.get(0).version();
        String chosenFrom = from != null && !from.isBlank() ? from.strip() : replaced(reloads, versions, chosenTo);

        Map<String, Object> data = new HashMap<>();
        data.put("versions", rows);
        data.put("unattributed", unattributed);
        data.put("reloadsShown", reloads.size());
        data.put("reloadsLimit", RELOADS);
        data.put("serving", serving);
        data.put("fromOptions", options(versions, chosenFrom, serving));
        data.put("toOptions", options(versions, chosenTo, serving));
        data.put("fromError", errors.get("from"));
        data.put("toError", errors.get("to"));
        return templates.page(status, "console/rulesets", Nav.of(identity), data);
    }

    private static Compared compared(AuditViews.Ruleset ruleset, String serving) {
        return new Compared(ruleset.version(), AuditConsole.shortVersion(ruleset.version()), UtcTimes.shown(ruleset.firstAppliedAt()),
                ruleset.files().size(), ruleset.version().equals(serving));
    }

    private static Map<String, String> files(AuditViews.Ruleset ruleset) {
        Map<String, String> files = new LinkedHashMap<>();
        ruleset.files().forEach(file -> files.put(file.path(), file.content()));
        return files;
    }

    private static List<Option> options(List<AuditViews.RulesetSummary> versions, String selected, String serving) {
        List<Option> options = new ArrayList<>();
        for (AuditViews.RulesetSummary version : versions) {
            // the page says its times are UTC; the label leaves it out to fit a phone
            String loaded = UtcTimes.shown(version.firstAppliedAt()).replace(" UTC", "");
            options.add(new Option(version.version(), AuditConsole.shortVersion(version.version()) + " · " + loaded + " · " + version.files() + " files"
                    + (version.version().equals(serving) ? " (serving)" : ""),
                    version.version().equals(selected)));
        }
        return options;
    }

    /** The version {@code version} replaced when it was last applied; else the newest other version; null when there is none. */
    private static String replaced(List<AuditViews.Reload> reloads, List<AuditViews.RulesetSummary> versions, String version) {
        for (AuditViews.Reload reload : reloads) {
            if ("APPLIED".equals(reload.outcome()) && reload.previousVersion() != null && !reload.previousVersion().equals(version)
                    && reload.version() != null && reload.version().equals(version)) {
                return reload.previousVersion();
            }
        }
        return versions.stream().map(AuditViews.RulesetSummary::version).filter(v -> !v.equals(version)).findFirst().orElse(null);
    }

    /** The version answering now, null while none is loaded. */
    private String serving() {
        return ruleBase.loaded() ? ruleBase.current().version() : null;
    }
}

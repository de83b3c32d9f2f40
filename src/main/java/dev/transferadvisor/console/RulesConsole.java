package dev.transferadvisor.console;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import dev.transferadvisor.audit.AuditQueries;
import dev.transferadvisor.ruleset.ReloadReport;
import dev.transferadvisor.ruleset.RuleBase;
import dev.transferadvisor.ruleset.RuleInfo;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.ruleset.RulesetCompiler;
import dev.transferadvisor.ruleset.RulesStatus;
import dev.transferadvisor.system.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The console's Rules pages: the serving ruleset, its rules, the last reload and a reload button for authors (the
 * same data and the same reload as {@code /api/rules}), and a page per rule for every role.
 */
@Path("/console/rules")
public class RulesConsole {

    /** Diagnoses listed on a rule's page. */
    static final int LATEST_DIAGNOSES = 10;

    @Inject
    ConsoleTemplates templates;

    @Inject
    SecurityIdentity identity;

    @Inject
    RuleBase ruleBase;

    @Inject
    AuditQueries audit;

    /** What the page says after "Reload now" ({@code ?reloaded=} the outcome); {@code kind} is the console's class for it. */
    record Notice(String kind, String text) {

        static Notice of(String outcome) {
            if (outcome == null) {
                return null;
            }
            return switch (outcome) {
                case "applied" -> new Notice("ok", "Reloaded: the new version serves.");
                case "unchanged" -> new Notice("ok", "Reloaded: nothing changed, the serving version stays.");
                case "rejected" -> new Notice("error", "Reload rejected: the rules do not compile and the previous version keeps"
                        + " serving. The errors are under Last reload.");
                default -> null;
            };
        }
    }

    @GET
    @RolesAllowed("author")
    public Response rules(@QueryParam("q") String q, @QueryParam("severity") String severity, @QueryParam("code") String code,
            @QueryParam("sort") String sort, @QueryParam("dir") String dir, @QueryParam("reloaded") String reloaded) {
        RulesStatus status = ruleBase.status();
        Map<String, Object> data = new HashMap<>();
        data.put("status", status);
        data.put("loadedAt", ReloadView.when(status.loadedAt()));
        data.put("table", RulesTable.of(status.rules(), q, severity, code, sort, dir));
        ReloadReport last = status.lastReload();
        data.put("reload", last == null ? null : ReloadView.of(last, last.outcome() == ReloadReport.Outcome.REJECTED ? files() : Map.of()));
        data.put("notice", Notice.of(reloaded));
        return templates.page("console/rules", Nav.of(identity), data);
    }

    /** The same reload as {@code POST /api/rules/reload}; the audit's reload history names the console and the user. */
    @POST
    @Path("reload")
    @RolesAllowed("author")
    public Response reload() {
        ReloadReport report = ruleBase.reload("console:" + identity.getPrincipal().getName());
        return Response.seeOther(URI.create(RulesTable.PAGE + "?reloaded=" + report.outcome().name().toLowerCase(Locale.ROOT))).build();
    }

    /** A rule's page; diagnosis graphs link here for every role, but only authors and auditors see where it fired. */
    @GET
    @Path("{id: .+}")
    @RolesAllowed({ "diagnose", "author", "auditor" })
    public Response rule(@PathParam("id") String id) {
        Nav nav = Nav.of(identity);
        Ruleset ruleset = ruleBase.current();
        RuleInfo rule = ruleset.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
        if (rule == null) {
            Map<String, Object> data = new HashMap<>();
            data.put("id", id);
            data.put("version", ruleset.version());
            return templates.page(Response.Status.NOT_FOUND, "console/rule-not-found", nav, data);
        }
        List<RulePage.Fired> diagnoses = List.of();
        boolean auditUnavailable = false;
        if (nav.readsRules()) {
            try {
                diagnoses = audit.page(null, null, id, null, null, LATEST_DIAGNOSES, null).items().stream().map(RulePage.Fired::of).toList();
            } catch (ProblemException e) {
                // the rule's source does not depend on the audit store; the page says the list is missing, and why
                auditUnavailable = true;
            }
        }
        RulePage page = RulePage.of(rule, ruleBase.firedCount(id), ruleset.version(), ruleset.sources().get(rule.file()), diagnoses,
                auditUnavailable);
        return templates.page("console/rule", nav, Map.of("page", page));
    }

    /**
     * The rule files as they read now: a rejected version never served, so its text is only on disk. An author who
     * edited again since sees the new lines, which the watcher is about to compile anyway.
     */
    private Map<String, String> files() {
        try {
            return RulesetCompiler.readSources(ruleBase.directory());
        } catch (IOException e) {
            Log.debugf(e, "Rule files unreadable for the console; errors shown without their lines");
            return Map.of();
        }
    }
}

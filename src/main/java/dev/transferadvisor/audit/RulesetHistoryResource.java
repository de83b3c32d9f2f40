package dev.transferadvisor.audit;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.transferadvisor.system.Problem;
import dev.transferadvisor.system.ProblemException;

/** Every ruleset version ever applied and every reload attempt, for auditors (API.md §4). */
@Path("/api/rulesets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("auditor")
@Tag(name = "Audit")
public class RulesetHistoryResource {

    @Inject
    RulesetHistory history;

    @GET
    @Operation(operationId = "listRulesetVersions", summary = "Every ruleset version ever applied, newest first",
            description = "Each rules version ever applied, with when it was first applied and how many files it had. Role auditor.")
    public List<AuditViews.RulesetSummary> versions() {
        return history.rulesets();
    }

    @GET
    @Path("reloads")
    @Operation(operationId = "listRulesetReloads", summary = "The latest reload attempts (applied, rejected with errors, unchanged) and who triggered them",
            description = "Applied, rejected (with each error) and unchanged reloads, newest first, with what triggered each: "
                    + "startup, the file watcher or a user through the API. Role auditor.")
    public List<AuditViews.Reload> reloads(@QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > AuditQueries.MAX_LIMIT) {
            throw ProblemException.invalidQuery("limit", "must be between 1 and " + AuditQueries.MAX_LIMIT);
        }
        return history.reloads(limit);
    }

    @GET
    @Path("{version}")
    @Operation(operationId = "getRulesetVersion", summary = "Every file of a ruleset version with its content, and each rule's text",
            description = "The files of one applied version as they were, each rule with its source text, and the firings on "
                    + "reference data alone that every evaluation on it starts from (residentTrace). Role auditor.")
    @APIResponse(responseCode = "200", description = "The version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditViews.Ruleset.class)))
    @APIResponse(responseCode = "404", description = "No such version was ever applied",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AuditViews.Ruleset version(@PathParam("version") String version) {
        return history.ruleset(version).orElseThrow(() -> new ProblemException(404, "ruleset-not-found",
                "No such ruleset version", RulesetHistory.neverApplied(version)));
    }
}

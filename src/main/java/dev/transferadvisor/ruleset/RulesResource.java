package dev.transferadvisor.ruleset;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.transferadvisor.ruleset.ReloadReport.Outcome;
import dev.transferadvisor.system.Problem;
import dev.transferadvisor.system.ProblemException;

/** Rule authors' view of the serving ruleset (API.md §3). */
@Path("/api/rules")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("author")
@Tag(name = "Rules", description = "The serving ruleset, for rule authors")
public class RulesResource {

    @Inject
    RuleBase ruleBase;

    @GET
    @Operation(operationId = "getRules", summary = "The serving ruleset: version, files, rules with fire counts, last reload",
            description = "The version serving now, its files with their hashes, every rule with its metadata and how often it "
                    + "fired, and the outcome of the last reload. Role author.")
    public RulesStatus status() {
        return ruleBase.status();
    }

    @POST
    @Path("reload")
    @Operation(operationId = "reloadRules", summary = "Compile the rules directory now",
            description = "Compiles the rules directory now; a version that does not compile is rejected with every error and "
                    + "the previous one keeps serving. Role author.")
    @APIResponse(responseCode = "200", description = "Applied, or unchanged")
    @APIResponse(responseCode = "422", description = "Rejected with its errors (file, line, column, message); the previous version keeps serving",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RulesStatus reload(@Context SecurityContext security) {
        // the audit's reload history names who asked
        String who = security.getUserPrincipal() == null ? "anonymous" : security.getUserPrincipal().getName();
        ReloadReport report = ruleBase.reload("api:" + who);
        if (report.outcome() == Outcome.REJECTED) {
            throw new ProblemException(422, "rules-rejected", "The rules do not compile",
                    report.errors().size() + " error(s); version " + report.previousVersion() + " keeps serving",
                    report.errors());
        }
        return ruleBase.status();
    }
}

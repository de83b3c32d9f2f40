package dev.transferadvisor.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.transferadvisor.system.Problem;
import dev.transferadvisor.system.ProblemException;

/** The audit trail for auditors (API.md §4). */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("auditor")
@Tag(name = "Audit", description = "Every diagnosis as answered, why, and proof that none was altered")
public class AuditResource {

    @Inject
    AuditQueries queries;

    @Inject
    ChainVerification chain;

    @GET
    @Operation(operationId = "listAuditRecords", summary = "Records newest first, filtered and cursor-paged",
            description = "One line per diagnosis recorded, newest first: filter by time range, by a rule that fired, by a "
                    + "finding code or by the client reference; pass nextCursor as cursor for the next page. Role auditor.")
    @APIResponse(responseCode = "200", description = "A page; pass nextCursor as cursor for the next, older page")
    @APIResponse(responseCode = "400", description = "A bad filter",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AuditViews.Page list(
            @Parameter(description = "ISO-8601 instant, inclusive") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 instant, exclusive") @QueryParam("to") String to,
            @Parameter(description = "Only records in which this rule id fired") @QueryParam("rule") String rule,
            @Parameter(description = "Only records with a finding of this code") @QueryParam("code") String code,
            @Parameter(description = "Only records with this client reference") @QueryParam("reference") String reference,
            @Parameter(description = "Page size, 1 to 500 (default 50)") @QueryParam("limit") Integer limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > AuditQueries.MAX_LIMIT) {
            throw ProblemException.invalidQuery("limit", "must be between 1 and " + AuditQueries.MAX_LIMIT);
        }
        return queries.page(instant("from", from), instant("to", to), blankToNull(rule), blankToNull(code),
                blankToNull(reference), size, AuditQueries.cursor(cursor));
    }

    @GET
    @Path("verify")
    @Operation(operationId = "verifyAuditChain", summary = "Check the tamper-evident chains of records and their anchors",
            description = "Every service instance writes a chain of its own; anchors, written every few seconds, name the head of every"
                    + " chain written to and form a chain of their own. Recomputes every record's and every anchor's hash and link, checks"
                    + " that each chain reaches the newest head an anchor names for it, and names per chain the first record that does"
                    + " not hold. From an anchor (fromAnchor), records and anchors before it need not be present. Role auditor.")
    @APIResponse(responseCode = "200", description = "The check; valid is true when every chain and every anchor holds")
    @APIResponse(responseCode = "400", description = "fromAnchor is not a positive whole number",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "There is no such anchor",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AuditViews.ChainCheck verify(
            @Parameter(description = "Start from this anchor (see anchors.latest of a previous check)") @QueryParam("fromAnchor")
            String fromAnchor) {
        return chain.verify(ChainVerification.fromAnchor(fromAnchor));
    }

    @GET
    @Path("export")
    @Produces(AuditQueries.JSON_LINES)
    @Operation(operationId = "exportAuditRecords", summary = "Records of a time range, oldest first, as JSON Lines for offline analysis and replay",
            description = "Every record of a time range as JSON Lines, oldest first, each with its request, diagnosis and "
                    + "hashes, for offline analysis and replay. Role auditor.")
    @APIResponse(responseCode = "200", description = "One JSON object a line: id, recordedAt, principal, reference,"
            + " rulesetVersion, request, diagnosis, hash, previousHash, chain, chainPosition", content = @Content(mediaType = AuditQueries.JSON_LINES))
    public Response export(@Parameter(description = "ISO-8601 instant, inclusive") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 instant, exclusive") @QueryParam("to") String to) {
        return Response.ok(queries.export(instant("from", from), instant("to", to)), AuditQueries.JSON_LINES).build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getAuditRecord", summary = "One record: request as received, answer, trace, and each fired rule's source in that version",
            description = "Everything needed to reconstruct an answer: the request byte for byte, the diagnosis as answered, "
                    + "the trace, and each fired rule's source as it stood in that version. Role auditor.")
    @APIResponse(responseCode = "200", description = "The record",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AuditViews.Record.class)))
    @APIResponse(responseCode = "404", description = "No record with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AuditViews.Record record(@PathParam("id") String id) {
        return queries.view(id).orElseThrow(() -> new ProblemException(404, "audit-record-not-found",
                "No such audit record", "No audit record has the id " + id));
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidQuery(name, "is not an ISO-8601 instant such as 2026-11-28T10:15:30Z");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

package dev.transferadvisor.advice;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.transferadvisor.system.Problem;
import dev.transferadvisor.system.ProblemException;

/** Diagnoses for REST clients (API.md §1–2). */
@Path("/api/diagnoses")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("diagnose")
@Tag(name = "Diagnoses", description = "Ask for a diagnosis of a transfer-learning case")
public class DiagnosisResource {

    @Inject
    DiagnosisService service;

    // The body is taken as bytes so that every problem in it is collected and reported at once,
    // and so the audit keeps the request exactly as received.
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createDiagnosis", summary = "Diagnose a transfer-learning case",
            description = "Evaluates the case with the serving rules and records the answer in the audit trail before "
                    + "answering. Only source.modality, target.modality and target.labeledExamples are required; an "
                    + "optional field that is null or empty counts as left out. Role diagnose.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TransferCase.class)))
    @APIResponse(responseCode = "201", description = "The diagnosis",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Diagnosis.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON or an invalid case, or trace neither true nor false; errors names each field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "The body exceeds the size limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "The body is not sent as application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "500", description = "A rule failed, or kept firing past the limit, on a valid case; the problem names"
            + " the rule", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The audit trail cannot record the answer now, so none is given",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response diagnose(byte[] body,
            @Parameter(description = TRACE, schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "true"))
            @QueryParam("trace") String trace,
            @Context SecurityContext security) {
        boolean withTrace = withTrace(trace);
        String principal = security.getUserPrincipal() == null ? null : security.getUserPrincipal().getName();
        DiagnosisService.Answered answered = service.diagnose(body, principal);
        // the bytes the audit trail recorded, sent as they are rather than serialised a second time
        Object entity = withTrace ? answered.json() : answered.diagnosis().withoutTrace();
        return Response.created(URI.create("/api/diagnoses/" + answered.id())).entity(entity)
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    static final String TRACE = "false leaves the trace out of this answer: recommendation and findings come to a few KB instead of"
            + " some 50. The audit trail keeps the whole answer either way. Default true";

    private static boolean withTrace(String trace) {
        if (trace == null || trace.equals("true")) {
            return true;
        }
        if (trace.equals("false")) {
            return false;
        }
        throw ProblemException.invalidQuery("trace", "must be true or false");
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getDiagnosis", summary = "A diagnosis as it was answered",
            description = "The diagnosis exactly as it was answered. Role diagnose.")
    @APIResponse(responseCode = "200", description = "The diagnosis",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Diagnosis.class)))
    @APIResponse(responseCode = "400", description = "trace is neither true nor false",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No diagnosis with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The audit trail, where diagnoses are kept, cannot be read now",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Diagnosis find(@PathParam("id") String id,
            @Parameter(description = TRACE, schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "true"))
            @QueryParam("trace") String trace) {
        boolean withTrace = withTrace(trace);
        Diagnosis diagnosis = service.find(id).orElseThrow(() -> new ProblemException(404, "diagnosis-not-found",
                "No such diagnosis", "No diagnosis has the id " + id));
        return withTrace ? diagnosis : diagnosis.withoutTrace();
    }

    @GET
    @Path("{id}/why-not/{ruleId: .+}")
    @RolesAllowed("author")
    @Operation(operationId = "explainWhyNot", summary = "Why a rule did or did not fire on a recorded diagnosis's case",
            description = "Tries the rule's conditions in order on the case's facts, on the rules version serving now, and names "
                    + "the first that did not hold: its DRL text with file and line, what the conditions before it matched, and "
                    + "what the case offered there (the facts of its type, or those that contradicted a not). Role author.")
    @APIResponse(responseCode = "200", description = "The answer",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DiagnosisService.WhyNotAnswer.class)))
    @APIResponse(responseCode = "404", description = "No diagnosis with this id, or no rule with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "500", description = "A rule failed, or kept firing past the limit, while the question was evaluated",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The audit trail, where diagnoses are kept, cannot be read now",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DiagnosisService.WhyNotAnswer whyNot(@PathParam("id") String id, @PathParam("ruleId") String ruleId) {
        return service.whyNot(id, ruleId);
    }
}

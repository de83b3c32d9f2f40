package dev.transferadvisor.system;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * The 401 and 403 answers Quarkus adds to every secured operation of the OpenAPI document carry no body
 * there, yet the service answers both with a problem (API.md §5): this filter describes them as
 * {@code application/problem+json} with the {@link Problem} schema, so clients and the contract tests
 * read what is sent. Operations tagged {@code Audit} read the audit database, and answer 503 while it
 * cannot be reached: that is added to each of them here too, as are the 414 and 431 with which
 * {@link RequestLimits} refuses an over-long URI or header block before any operation runs. Quarkus lists an operation's roles as the
 * "scopes" of its security requirement, which OpenAPI reserves for OAuth2 and OpenID Connect (linters
 * flag it); the roles stand in each operation's description, so the requirement keeps the scheme alone.
 */
public class ProblemResponses implements OASFilter {

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "401", "No credentials, or wrong ones (HTTP Basic)",
            "403", "The user lacks the role the operation needs");

    // answered by RequestLimits before any operation runs, so any operation may answer them; sorted, as
    // Map.of's order changes from one JVM to the next and the document must not
    private static final Map<String, String> LIMITS = new java.util.TreeMap<>(Map.of(
            "414", "The request URI is longer than advisor.http.max-uri-length (8,192 characters by default)",
            "431", "The request headers are larger than advisor.http.max-header-size (16 KiB by default)"));

    private static Content problem() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem")));
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem path : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : path.getOperations().values()) {
                if (operation.getResponses() == null) {
                    continue;
                }
                DESCRIPTIONS.forEach((status, description) -> {
                    APIResponse response = operation.getResponses().getAPIResponse(status);
                    if (response != null && response.getContent() == null) {
                        response.description(description).content(problem());
                    }
                });
                if (operation.getSecurity() != null) {
                    for (SecurityRequirement requirement : operation.getSecurity()) {
                        for (String scheme : List.copyOf(requirement.getSchemes().keySet())) {
                            requirement.removeScheme(scheme);
                            requirement.addScheme(scheme);
                        }
                    }
                }
                LIMITS.forEach((status, description) -> {
                    if (operation.getResponses().getAPIResponse(status) == null) {
                        operation.getResponses().addAPIResponse(status, OASFactory.createAPIResponse()
                                .description(description).content(problem()));
                    }
                });
                if (operation.getTags() != null && operation.getTags().contains("Audit")
                        && operation.getResponses().getAPIResponse("503") == null) {
                    operation.getResponses().addAPIResponse("503", OASFactory.createAPIResponse()
                            .description("The audit database cannot be reached now (readiness is down until it is back)")
                            .content(problem()));
                }
            }
        }
    }
}

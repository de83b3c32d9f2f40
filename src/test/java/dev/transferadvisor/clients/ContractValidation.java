package dev.transferadvisor.clients;

import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.allOf;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.messageContainsSubstring;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.messageHasKey;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.pathContains;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport.Level;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Every response a REST test receives through RestAssured is validated against the OpenAPI document the
 * service serves ({@code src/test/openapi/openapi.json}, kept identical by {@link OpenApiDocumentTest}):
 * its status must be documented for the operation and its body must match the documented schema, for
 * successes and errors alike, so the document cannot drift from what the service sends. Registered for
 * every Quarkus test through {@code META-INF/services}: Quarkus runs it in the class loader the tests run
 * in, whose RestAssured is the one they call (a plain JUnit extension would set another copy's filters).
 */
public class ContractValidation implements QuarkusTestBeforeEachCallback {

    static final OpenApiInteractionValidator VALIDATOR =
            OpenApiInteractionValidator.createForSpecificationUrl(OpenApiDocumentTest.SNAPSHOT.toUri().toString())
                    // requests are the tests' own business: they send bad input on purpose
                    .withLevelResolver(LevelResolver.create().withDefaultLevel(Level.ERROR)
                            .withLevel("validation.request", Level.IGNORE).build())
                    .withWhitelist(ValidationErrorsWhitelist.create()
                            // an export of a range without records is empty: JSON Lines of no line
                            .withRule("an empty export",
                                    allOf(messageHasKey("validation.response.body.missing"), pathContains("/api/audit/export")))
                            // OpenAPI 3.0 writes a nullable reference as nullable + allOf [$ref]; the validator checks a
                            // null against the referenced enum all the same. The document marks the field nullable.
                            .withRule("a null recommendation", allOf(messageHasKey("validation.response.body.schema.allOf"),
                                    messageContainsSubstring("[Path '/recommendation/strategy']"))))
                    .build();

    static final OpenApiValidationFilter FILTER = new OpenApiValidationFilter(VALIDATOR);

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (!RestAssured.filters().contains(FILTER)) {
            RestAssured.filters(FILTER);
        }
    }
}

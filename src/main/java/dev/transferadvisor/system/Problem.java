package dev.transferadvisor.system;

import java.net.URI;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, the body of every error answer. {@code errors} names each offending
 * field (validation) or each rule error (file, line, column, message).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance,
        @Schema(description = "Each offending field (400) or each rule error (422)", type = SchemaType.ARRAY,
                implementation = ProblemError.class) List<?> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One offending field: a JSON pointer such as {@code /target/labeledExamples}, and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    /**
     * How API clients see an entry of {@code errors}: a {@link FieldError} (field, message) or a rule error
     * (file, line, column, message). Only the OpenAPI document uses it; the service writes the two kinds.
     */
    @Schema(name = "ProblemError", description = "An offending field (field, message) or a rule error (file, line, column, message)")
    record ProblemError(@Schema(description = "JSON pointer of the offending field, e.g. /target/labeledExamples") String field,
            @Schema(description = "Rule file, relative to the rules directory") String file,
            Integer line, Integer column,
            @Schema(required = true) String message) {
    }

    public static URI type(String slug) {
        return URI.create("https://transfer-advisor.dev/problems/" + slug);
    }
}

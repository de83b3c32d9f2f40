package dev.transferadvisor.system;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, the body of every error answer. {@code errors} names each offending
 * field (validation) or each rule error (file, line, column, message).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance, List<?> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One offending field: a JSON pointer such as {@code /target/labeledExamples}, and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    public static URI type(String slug) {
        return URI.create("https://transfer-advisor.dev/problems/" + slug);
    }
}

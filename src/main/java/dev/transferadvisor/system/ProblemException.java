package dev.transferadvisor.system;

import java.time.Duration;
import java.util.List;

/** Thrown anywhere to answer with a problem detail; mapped in one place by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<?> errors;
    private Duration retryAfter;

    public ProblemException(int status, String slug, String title, String detail, List<?> errors) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors;
    }

    public ProblemException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, null);
    }

    /** A query parameter the operation cannot take: a 400 naming it, e.g. {@code invalidQuery("limit", "must be ...")}. */
    public static ProblemException invalidQuery(String name, String message) {
        return new ProblemException(400, "invalid-query", "A query parameter is invalid", name + " " + message,
                List.of(new Problem.FieldError(name, message)));
    }

    /** Says when to ask again: the answer carries {@code Retry-After} in whole seconds (a 503 of a busy resource, say). */
    public ProblemException retryAfter(Duration wait) {
        this.retryAfter = wait;
        return this;
    }

    /** When to ask again, or null when the problem says nothing of it. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public Problem toProblem(String instance) {
        return new Problem(Problem.type(slug), title, status, getMessage(), instance, errors);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** What was wrong, field by field (e.g. {@link Problem.FieldError}s); null when the problem names no field. */
    public List<?> errors() {
        return errors;
    }
}

package dev.transferadvisor.advice;

import java.util.List;

import dev.transferadvisor.system.Problem.FieldError;

/** A case that must not reach the rules, with every offending field named. */
public class InvalidCaseException extends RuntimeException {

    private final boolean malformed;
    private final List<FieldError> errors;

    InvalidCaseException(boolean malformed, String detail, List<FieldError> errors) {
        super(detail);
        this.malformed = malformed;
        this.errors = List.copyOf(errors);
    }

    /** True when the body is not JSON at all (as opposed to JSON that breaks the contract). */
    public boolean malformed() {
        return malformed;
    }

    public List<FieldError> errors() {
        return errors;
    }
}

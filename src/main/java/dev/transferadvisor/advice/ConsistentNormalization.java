package dev.transferadvisor.advice;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** A preprocessing spec whose {@code mean} and {@code std} both given must have one value per channel each. */
@Target(TYPE)
@Retention(RUNTIME)
@Constraint(validatedBy = ConsistentNormalization.Validator.class)
@interface ConsistentNormalization {

    String message() default "must have as many values as mean";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Reports the violation on {@code std}, so the client sees which field to fix. */
    class Validator implements ConstraintValidator<ConsistentNormalization, PreprocessingSpec> {
        @Override
        public boolean isValid(PreprocessingSpec spec, ConstraintValidatorContext context) {
            if (spec == null || spec.mean() == null || spec.std() == null || spec.mean().size() == spec.std().size()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(
                    "must have as many values as mean (" + spec.mean().size() + "), has " + spec.std().size())
                    .addPropertyNode("std").addConstraintViolation();
            return false;
        }
    }
}

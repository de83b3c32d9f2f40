package dev.transferadvisor.advice;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Map;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** Attributes are scalar facts (string, number, boolean): rules compare them, they cannot walk structures. */
@Target({ FIELD, METHOD, PARAMETER, RECORD_COMPONENT })
@Retention(RUNTIME)
@Constraint(validatedBy = ScalarValues.Validator.class)
@interface ScalarValues {

    String message() default "must be a string, number or boolean";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ScalarValues, Map<String, Object>> {
        @Override
        public boolean isValid(Map<String, Object> attributes, ConstraintValidatorContext context) {
            if (attributes == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            boolean valid = true;
            for (Map.Entry<String, Object> entry : attributes.entrySet()) {
                Object value = entry.getValue();
                if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                    valid = false;
                    context.buildConstraintViolationWithTemplate("must be a string, number or boolean")
                            .addPropertyNode(entry.getKey()).addConstraintViolation();
                }
            }
            return valid;
        }
    }
}

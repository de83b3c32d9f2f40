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

/**
 * A label distribution: class name to share or count, each finite and at least 0, not all 0 (the
 * service normalises it, which needs a positive total).
 */
@Target({ FIELD, METHOD, PARAMETER, RECORD_COMPONENT })
@Retention(RUNTIME)
@Constraint(validatedBy = ValidDistribution.Validator.class)
@interface ValidDistribution {

    String message() default "must map class names to shares or counts >= 0 with a positive total";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Names each offending class, so a client can find the bad entry in a long distribution. */
    class Validator implements ConstraintValidator<ValidDistribution, Map<String, Double>> {
        @Override
        public boolean isValid(Map<String, Double> shares, ConstraintValidatorContext context) {
            if (shares == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            boolean valid = true;
            double total = 0;
            for (Map.Entry<String, Double> entry : shares.entrySet()) {
                Double share = entry.getValue();
                if (share == null || share.isNaN() || share.isInfinite() || share < 0) {
                    valid = false;
                    context.buildConstraintViolationWithTemplate("must be a number >= 0")
                            .addPropertyNode(entry.getKey()).addConstraintViolation();
                } else {
                    total += share;
                }
            }
            if (valid && total <= 0) {
                valid = false;
                context.buildConstraintViolationWithTemplate("must have at least one class with a share > 0")
                        .addConstraintViolation();
            }
            return valid;
        }
    }
}

package dev.transferadvisor.advice;

import dev.transferadvisor.ruleset.FactSummary;

/**
 * Fact: one free-form scalar from the case's {@code attributes}. New rules read new attributes
 * without Java changes: {@code Attribute(name == "usesMixup", isTrue())}.
 */
public record Attribute(String name, Object value) {

    public boolean isTrue() {
        return Boolean.TRUE.equals(value) || "true".equalsIgnoreCase(String.valueOf(value));
    }

    /** The value as a number, or NaN when it is not one (so numeric comparisons are simply false). */
    public double number() {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(value));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    public String text() {
        return String.valueOf(value);
    }

    @Override
    public String toString() {
        return FactSummary.of(this);
    }
}

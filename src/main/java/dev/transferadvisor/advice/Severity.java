package dev.transferadvisor.advice;

/** How serious a finding is, ordered from informational to critical. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    public boolean isAtLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}

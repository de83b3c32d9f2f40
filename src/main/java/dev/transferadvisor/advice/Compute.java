package dev.transferadvisor.advice;

/** Compute available to (or needed by) a plan, ordered from none to very high. */
public enum Compute {
    NONE, VERY_LOW, LOW, MEDIUM, HIGH, VERY_HIGH;

    /** True when this much compute does not reach {@code needed}; rules read it as {@code compute.isBelow(Compute.MEDIUM)}. */
    public boolean isBelow(Compute needed) {
        return compareTo(needed) < 0;
    }
}

package dev.transferadvisor.advice;

/** A rule's judgement of one strategy, ordered from best to worst. */
public enum VerdictLevel {
    RECOMMENDED, VIABLE, DISCOURAGED, INFEASIBLE
}

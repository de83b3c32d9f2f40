package dev.transferadvisor.advice;

/** Whose preprocessing or label distribution a fact describes. */
public enum Role {
    SOURCE, TARGET, DEPLOYMENT, PLAN, PRESET
}

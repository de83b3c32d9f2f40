package dev.transferadvisor.ruleset;

/** A fact a rule inserted that was still in the session when firing ended, with that rule's id. */
public record Produced(Object fact, String rule) {
}

package dev.transferadvisor.ruleset;

/**
 * A rule broke during evaluation: it threw, or it kept firing past the firing limit (a loop). Names
 * the rule so its author can find it; the case itself was fine.
 */
public class RuleEvaluationException extends RuntimeException {

    private final String rule;
    private final boolean loop;

    RuleEvaluationException(String rule, boolean loop, String message, Throwable cause) {
        super(message, cause);
        this.rule = rule;
        this.loop = loop;
    }

    public String rule() {
        return rule;
    }

    /** True when the rule exceeded the firing limit rather than threw. */
    public boolean loop() {
        return loop;
    }
}

package dev.transferadvisor.ruleset;

import java.util.Collection;
import java.util.List;

/**
 * Cases a new ruleset version evaluates before it serves, so that its first requests run on warm
 * code: the JIT has compiled the engine's paths and the version's own consequences, Drools has jitted
 * its constraints, and the pool's sessions have served. Supplied by the feature that knows what a case
 * is; the rule base knows only their facts.
 */
public interface WarmUpCases {

    /** The facts of each warm-up case; evaluated round-robin, never counted as diagnoses. */
    List<Collection<?>> facts();
}

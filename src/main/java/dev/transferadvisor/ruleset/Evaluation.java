package dev.transferadvisor.ruleset;

import java.util.List;

/** What one evaluation produced: the ruleset version it ran on, the trace, and the facts rules inserted. */
public record Evaluation(String rulesetVersion, List<TraceEntry> trace, List<Produced> produced) {

    /** The produced facts of one type, in insertion order, each with the rule that inserted it. */
    public <T> List<Produced> of(Class<T> type) {
        return produced.stream().filter(p -> type.isInstance(p.fact())).toList();
    }
}

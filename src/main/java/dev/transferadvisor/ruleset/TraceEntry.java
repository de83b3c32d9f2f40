package dev.transferadvisor.ruleset;

import java.util.List;
import java.util.Map;

/**
 * One firing of one rule, in firing order, with readable summaries of the facts it matched.
 * {@code derivedFrom} lists the sequence numbers of the earlier firings that inserted facts this one
 * matched (empty when it matched only facts of the case), and {@code inserted} summarises the facts
 * this firing inserted: together they make the chain from derived facts to conclusions.
 */
public record TraceEntry(int sequence, String rule, String file, Map<String, Object> metadata, List<String> matched,
        List<Integer> derivedFrom, List<String> inserted) {

    public TraceEntry {
        derivedFrom = derivedFrom == null ? List.of() : List.copyOf(derivedFrom);
        inserted = inserted == null ? List.of() : List.copyOf(inserted);
    }

    /** A firing without chain information (kept for callers that only know what matched). */
    public TraceEntry(int sequence, String rule, String file, Map<String, Object> metadata, List<String> matched) {
        this(sequence, rule, file, metadata, matched, List.of(), List.of());
    }
}

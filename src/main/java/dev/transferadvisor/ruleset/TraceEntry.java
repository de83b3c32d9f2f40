package dev.transferadvisor.ruleset;

import java.util.List;
import java.util.Map;

/** One firing of one rule, in firing order, with readable summaries of the facts it matched. */
public record TraceEntry(int sequence, String rule, String file, Map<String, Object> metadata, List<String> matched) {
}

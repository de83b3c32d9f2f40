package dev.transferadvisor.ruleset;

import java.util.Map;

/** One compiled rule: its stable id, where it is written, and the metadata its author gave it. */
public record RuleInfo(String id, String name, String packageName, String file, int line, Map<String, Object> metadata) {
}

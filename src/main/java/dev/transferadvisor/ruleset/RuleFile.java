package dev.transferadvisor.ruleset;

/** One source file of a ruleset: path relative to the rules directory, its SHA-256, its rule count. */
public record RuleFile(String path, String sha256, int rules) {
}

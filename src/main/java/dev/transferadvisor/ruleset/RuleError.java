package dev.transferadvisor.ruleset;

/** One compile error of a rule file: path relative to the rules directory, 1-based line and column. */
public record RuleError(String file, int line, int column, String message) {

    /** The {@code file:line:column: message} form compilers and editors understand. */
    public String format() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}

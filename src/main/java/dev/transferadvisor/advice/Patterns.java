package dev.transferadvisor.advice;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Regular-expression matching for rules, each pattern compiled once. DRL's {@code text matches $p}
 * compiles {@code $p} anew on every join attempt, and the family and preset tables try a dozen
 * patterns per case; {@code Patterns.matches(text, $p)} means the same (the whole text must match)
 * at the cost of a map lookup.
 */
public final class Patterns {

    // patterns come from the reference data, a bounded set; past this size (patterns built from case
    // data, say) they are compiled per call rather than kept
    private static final int MAX_CACHED = 4096;
    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    private Patterns() {
    }

    /** Whether the whole of {@code text} matches {@code regex}, as {@link String#matches}; false when either is null. */
    public static boolean matches(String text, String regex) {
        if (text == null || regex == null) {
            return false;
        }
        Pattern pattern = COMPILED.get(regex);
        if (pattern == null) {
            pattern = Pattern.compile(regex);
            if (COMPILED.size() < MAX_CACHED) {
                COMPILED.putIfAbsent(regex, pattern);
            }
        }
        return pattern.matcher(text).matches();
    }
}

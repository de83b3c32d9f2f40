package dev.transferadvisor.console;

import java.util.ArrayList;
import java.util.List;

/** One numbered line of a rule file as a page shows it; {@code hit} marks the rule shown or the line an error names. */
record SourceLine(int number, String text, boolean hit) {

    /** Lines {@code from} to {@code to} (1-based, inclusive, kept inside the file), those from {@code hitFrom} to {@code hitTo} marked. */
    static List<SourceLine> of(String content, int from, int to, int hitFrom, int hitTo) {
        String[] lines = lines(content);
        List<SourceLine> shown = new ArrayList<>();
        for (int number = Math.max(1, from); number <= Math.min(lines.length, to); number++) {
            shown.add(new SourceLine(number, lines[number - 1], number >= hitFrom && number <= hitTo));
        }
        return shown;
    }

    /**
     * The line an error names and {@code context} lines either side. A parser error at the end of the input names
     * the line after the last one; the file's last lines are shown then, rather than nothing.
     */
    static List<SourceLine> around(String content, int line, int context) {
        int last = lines(content).length;
        int at = Math.min(line, last);
        return of(content, at - context, at + context, line, line);
    }

    /** The line of the {@code end} that closes the rule starting at {@code line}; the file's last line if none does. */
    static int ruleEnd(String content, int line) {
        String[] lines = lines(content);
        for (int number = Math.max(1, line); number <= lines.length; number++) {
            if (lines[number - 1].strip().equals("end")) {
                return number;
            }
        }
        return lines.length;
    }

    private static String[] lines(String content) {
        // a file's final newline ends its last line rather than starting an empty one
        String text = content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        return text.replace("\r", "").split("\n", -1);
    }
}

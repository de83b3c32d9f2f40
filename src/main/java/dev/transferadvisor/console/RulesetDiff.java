package dev.transferadvisor.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.github.difflib.text.DiffRow;
import com.github.difflib.text.DiffRowGenerator;

/**
 * What changed between two ruleset versions, file by file: every changed file as a side-by-side diff (java-diff-utils,
 * whole lines, no inline marks), long runs of unchanged lines folded to one row, and the files only one version has.
 */
public record RulesetDiff(List<FileDiff> changed, List<String> added, List<String> removed, int unchanged) {

    /** Unchanged lines kept on each side of a change; a run longer than twice this is folded. */
    static final int CONTEXT = 3;

    private static final DiffRowGenerator ROWS = DiffRowGenerator.create()
            .showInlineDiffs(false)
            .reportLinesUnchanged(true) // the lines as they are: the template escapes them
            .build();

    /** One changed file: its rows, and how many lines each side has that the other lacks. */
    public record FileDiff(String path, String anchor, List<Row> rows, int deleted, int inserted) {
    }

    /**
     * One row of a side-by-side diff: {@code kind} is {@code ""} (unchanged), {@code del}, {@code ins}, {@code chg}
     * or {@code skip} (a folded run of {@code skipped} unchanged lines). Line numbers are null on the side that has
     * no line.
     */
    public record Row(String kind, Integer oldNumber, String oldText, Integer newNumber, String newText, int skipped) {

        public boolean skip() {
            return "skip".equals(kind);
        }
    }

    /** Compares two versions' files (path → content). */
    static RulesetDiff of(Map<String, String> from, Map<String, String> to) {
        List<FileDiff> changed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        int unchanged = 0;
        TreeSet<String> paths = new TreeSet<>(from.keySet());
        paths.addAll(to.keySet());
        for (String path : paths) {
            String before = from.get(path);
            String after = to.get(path);
            if (before == null) {
                added.add(path);
            } else if (after == null) {
                removed.add(path);
            } else if (before.equals(after)) {
                unchanged++;
            } else {
                changed.add(file(path, before, after));
            }
        }
        return new RulesetDiff(changed, added, removed, unchanged);
    }

    public boolean same() {
        return changed.isEmpty() && added.isEmpty() && removed.isEmpty();
    }

    static FileDiff file(String path, String before, String after) {
        List<DiffRow> rows = ROWS.generateDiffRows(lines(before), lines(after));
        List<Row> all = new ArrayList<>();
        int oldNumber = 0;
        int newNumber = 0;
        int deleted = 0;
        int inserted = 0;
        for (DiffRow row : rows) {
            switch (row.getTag()) {
                case EQUAL -> all.add(new Row("", ++oldNumber, row.getOldLine(), ++newNumber, row.getNewLine(), 0));
                case CHANGE -> {
                    all.add(new Row("chg", ++oldNumber, row.getOldLine(), ++newNumber, row.getNewLine(), 0));
                    deleted++;
                    inserted++;
                }
                case DELETE -> {
                    all.add(new Row("del", ++oldNumber, row.getOldLine(), null, "", 0));
                    deleted++;
                }
                case INSERT -> {
                    all.add(new Row("ins", null, "", ++newNumber, row.getNewLine(), 0));
                    inserted++;
                }
                default -> throw new IllegalStateException("Unknown diff row " + row.getTag());
            }
        }
        return new FileDiff(path, "file-" + path, fold(all), deleted, inserted);
    }

    /** Runs of unchanged rows longer than 6 lines keep {@value #CONTEXT} lines next to each change and fold the rest. */
    static List<Row> fold(List<Row> rows) {
        List<Row> folded = new ArrayList<>();
        int i = 0;
        while (i < rows.size()) {
            if (!rows.get(i).kind().isEmpty()) {
                folded.add(rows.get(i++));
                continue;
            }
            int end = i;
            while (end < rows.size() && rows.get(end).kind().isEmpty()) {
                end++;
            }
            int keepBefore = i == 0 ? 0 : CONTEXT; // after a change
            int keepAfter = end == rows.size() ? 0 : CONTEXT; // before a change
            int hidden = (end - i) - keepBefore - keepAfter;
            if (end - i > 2 * CONTEXT && hidden > 1) {
                folded.addAll(rows.subList(i, i + keepBefore));
                folded.add(new Row("skip", null, "", null, "", hidden));
                folded.addAll(rows.subList(end - keepAfter, end));
            } else {
                folded.addAll(rows.subList(i, end));
            }
            i = end;
        }
        return folded;
    }

    /** A file's lines; a final newline ends the last line rather than starting an empty one. */
    private static List<String> lines(String content) {
        List<String> lines = new ArrayList<>(List.of(content.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}

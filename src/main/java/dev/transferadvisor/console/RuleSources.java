package dev.transferadvisor.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stored files of an audit record's ruleset version, in which each fired rule is found as it stood then: by its
 * {@code @id} (or, for a rule without one, by the name its id was made from: file stem and rule name in kebab case),
 * with its lines numbered as that file had them, and the comment lines just above it that usually say why.
 */
final class RuleSources {

    /** Comment lines above a rule shown with it, at most. */
    static final int CONTEXT = 8;

    private static final Pattern RULE = Pattern.compile("^\\s*rule\\s+(?:\"([^\"]+)\"|'([^']+)'|(\\S+))");

    /** The version's files as lines, by path. */
    private final Map<String, String[]> files = new LinkedHashMap<>();

    /** The files of one ruleset version (path → content), read for the rules of one record. */
    RuleSources(Map<String, String> files) {
        files.forEach((path, content) -> this.files.put(path, content.split("\n", -1)));
    }

    /** One line of a file; {@code context} for the comment lines above the rule, shown with it. */
    public record Line(int number, String text, boolean context) {
    }

    /** A rule's place in the version's files and its lines, empty when the version's files do not hold it. */
    public record Located(String file, int line, List<Line> lines) {

        /** {@code file:line}, or null when the rule was not found. */
        public String where() {
            return line > 0 ? file + ":" + line : null;
        }
    }

    /**
     * Finds rule {@code id} in the version's files, looking first in {@code likelyFile} (where the trace
     * says it fired). When no file holds it, {@code storedText} (the rule's text as the trail stored it, or null) is
     * shown from {@code storedLine}.
     */
    Located locate(String id, String likelyFile, String storedText, int storedLine) {
        Map<String, String[]> ordered = new LinkedHashMap<>();
        if (likelyFile != null && files.containsKey(likelyFile)) {
            ordered.put(likelyFile, files.get(likelyFile));
        }
        ordered.putAll(files);
        for (Map.Entry<String, String[]> file : ordered.entrySet()) {
            String[] lines = file.getValue();
            int start = start(lines, file.getKey(), id);
            if (start >= 0) {
                return new Located(file.getKey(), start + 1, lines(lines, start));
            }
        }
        if (storedText != null && !storedText.isEmpty()) {
            int first = Math.max(storedLine, 1);
            List<Line> lines = new ArrayList<>();
            String[] text = storedText.split("\n", -1);
            for (int i = 0; i < text.length; i++) {
                if (i < text.length - 1 || !text[i].isEmpty()) {
                    lines.add(new Line(first + i, text[i], false));
                }
            }
            return new Located(likelyFile, storedLine > 0 && likelyFile != null ? storedLine : 0, lines);
        }
        return new Located(likelyFile, 0, List.of());
    }

    /** The index of the {@code rule} line of rule {@code id} in a file, or -1. */
    static int start(String[] lines, String path, String id) {
        Pattern declared = Pattern.compile("@id\\(\\s*\"?" + Pattern.quote(id) + "\"?\\s*\\)");
        for (int i = 0; i < lines.length; i++) {
            if (declared.matcher(lines[i]).find()) {
                for (int j = i; j >= 0; j--) {
                    if (RULE.matcher(lines[j]).find()) {
                        return j;
                    }
                }
            }
        }
        // a rule without @id: its id is the file's stem and the rule's name in kebab case
        String stem = stem(path);
        for (int i = 0; i < lines.length; i++) {
            Matcher rule = RULE.matcher(lines[i]);
            if (rule.find()) {
                String name = rule.group(1) != null ? rule.group(1) : rule.group(2) != null ? rule.group(2) : rule.group(3);
                if ((stem + "/" + kebab(name)).equals(id)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The comments just above the rule, then the rule from its {@code rule} line to its {@code end} line. */
    private static List<Line> lines(String[] lines, int start) {
        int from = start;
        while (from > 0 && start - from < CONTEXT && lines[from - 1].strip().startsWith("//")) {
            from--;
        }
        List<Line> shown = new ArrayList<>();
        for (int i = from; i < start; i++) {
            shown.add(new Line(i + 1, lines[i], true));
        }
        for (int i = start; i < lines.length; i++) {
            shown.add(new Line(i + 1, lines[i], false));
            if (lines[i].strip().equals("end")) {
                break;
            }
        }
        return shown;
    }

    private static String stem(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String kebab(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }
}

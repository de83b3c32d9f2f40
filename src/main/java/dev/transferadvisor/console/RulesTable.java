package dev.transferadvisor.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

import dev.transferadvisor.advice.Severity;
import dev.transferadvisor.ruleset.RulesStatus.RuleView;

/**
 * The Rules page's table: every rule of the serving version, filtered and sorted on the server (the console runs no
 * scripts), with the links its headers need to sort by a column and the options of its filters.
 */
record RulesTable(List<Row> rows, int total, List<Header> headers, String q, List<Option> severities, List<Option> codes,
        String sort, String dir, boolean filtered) {

    static final String PAGE = "/console/rules";

    /** One rule as a row: {@code href} is its own page. */
    record Row(String id, String href, String file, int line, String code, String severity, String description, String reference,
            long fired) {

        static Row of(String id, String file, int line, Map<String, Object> metadata, long fired) {
            return new Row(id, RulesTable.href(id), file, line, text(metadata, "code"), text(metadata, "severity"), text(metadata, "description"),
                    text(metadata, "reference"), fired);
        }

        /** The id in parts a line may break after ({@code <wbr>}), as the file and the code below. */
        public List<String> idParts() {
            return breakable(id);
        }

        public List<String> fileParts() {
            return breakable(file + ":" + line);
        }

        public List<String> codeParts() {
            return breakable(code);
        }
    }

    /** A column heading; {@code href} (null for columns that do not sort) sorts by it, {@code ariaSort} says how it is sorted now. */
    record Header(String label, String href, String ariaSort, String arrow) {
    }

    /** An option of a select, {@code value} empty for "any". */
    record Option(String value, String label, boolean selected) {
    }

    /**
     * The columns one may sort by, as {@code ?sort=} names them. Severity and fire counts sort the largest first
     * unless {@code ?dir=} says otherwise: the rules an author looks for there are the severe and the busy ones.
     */
    enum Sort {
        ID(Comparator.comparing(Row::id), false),
        FILE(Comparator.comparing(Row::file).thenComparingInt(Row::line), false),
        CODE(Comparator.comparing(Row::code).thenComparing(Row::id), false),
        SEVERITY(Comparator.comparingInt((Row row) -> rank(row.severity())).thenComparing(Row::id), true),
        FIRED(Comparator.comparingLong(Row::fired).thenComparing(Row::id), true);

        final Comparator<Row> order;
        final boolean largestFirst;

        Sort(Comparator<Row> order, boolean largestFirst) {
            this.order = order;
            this.largestFirst = largestFirst;
        }

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The ruleset's own order (file, then line) when {@code ?sort=} is missing or names no column. */
        static Sort of(String key) {
            for (Sort sort : values()) {
                if (sort.key().equals(key)) {
                    return sort;
                }
            }
            return FILE;
        }
    }

    static RulesTable of(List<RuleView> rules, String q, String severity, String code, String sortKey, String dirKey) {
        String text = blankToEmpty(q).strip();
        String wantedSeverity = blankToEmpty(severity);
        String wantedCode = blankToEmpty(code);
        Sort sort = Sort.of(sortKey);
        boolean descending = "desc".equals(dirKey) || !"asc".equals(dirKey) && sort.largestFirst;

        List<Row> all = rules.stream().map(rule -> Row.of(rule.id(), rule.file(), rule.line(), rule.metadata(), rule.firedCount())).toList();
        String needle = text.toLowerCase(Locale.ROOT);
        Comparator<Row> order = descending ? sort.order.reversed() : sort.order;
        List<Row> shown = all.stream()
                .filter(row -> needle.isEmpty() || matches(row, needle))
                .filter(row -> wantedSeverity.isEmpty() || wantedSeverity.equals(row.severity()))
                .filter(row -> wantedCode.isEmpty() || wantedCode.equals(row.code()))
                .sorted(order)
                .toList();

        List<Header> headers = new ArrayList<>();
        headers.add(header("Rule", Sort.ID, sort, descending, text, wantedSeverity, wantedCode));
        headers.add(header("File", Sort.FILE, sort, descending, text, wantedSeverity, wantedCode));
        headers.add(header("Code", Sort.CODE, sort, descending, text, wantedSeverity, wantedCode));
        headers.add(header("Severity", Sort.SEVERITY, sort, descending, text, wantedSeverity, wantedCode));
        headers.add(header("Fired", Sort.FIRED, sort, descending, text, wantedSeverity, wantedCode));
        headers.add(new Header("Description", null, null, ""));

        List<String> severities = all.stream().map(Row::severity).filter(s -> !s.isEmpty()).distinct()
                .sorted(Comparator.comparingInt(RulesTable::rank).reversed()).toList();
        List<String> codes = all.stream().map(Row::code).filter(c -> !c.isEmpty()).distinct().sorted().toList();
        return new RulesTable(shown, all.size(), headers, text, options(severities, wantedSeverity), options(codes, wantedCode),
                sort.key(), descending ? "desc" : "asc", !text.isEmpty() || !wantedSeverity.isEmpty() || !wantedCode.isEmpty());
    }

    /** The path of a rule's page. */
    static String href(String ruleId) {
        return PAGE + "/" + path(ruleId);
    }

    /** A value as URL path segments: each {@code /}-separated part percent-encoded, so any id an author declares round-trips. */
    static String path(String value) {
        StringJoiner path = new StringJoiner("/");
        for (String part : value.split("/", -1)) {
            path.add(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return path.toString();
    }

    /**
     * A name cut after each {@code /} and {@code _}, where a table cell may break it: browsers break only at spaces and
     * hyphens, and ids, paths and codes unbroken made the table wider than a laptop's window, squeezing the descriptions.
     */
    static List<String> breakable(String name) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == '/' || name.charAt(i) == '_') {
                parts.add(name.substring(start, i + 1));
                start = i + 1;
            }
        }
        parts.add(name.substring(start));
        return parts;
    }

    private static String text(Map<String, Object> metadata, String key) {
        Object value = metadata.get(key);
        return value == null ? "" : String.valueOf(value);
    }

    private static boolean matches(Row row, String needle) {
        return List.of(row.id(), row.description(), row.code(), row.file()).stream()
                .anyMatch(field -> field.toLowerCase(Locale.ROOT).contains(needle));
    }

    /** Severities in their own order (INFO lowest), not the alphabet's; one this build does not know ranks below INFO. */
    static int rank(String severity) {
        try {
            return Severity.valueOf(severity).ordinal();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static Header header(String label, Sort column, Sort sort, boolean descending, String q, String severity, String code) {
        boolean current = column == sort;
        // a click on the sorted column turns its order round; on another column it sorts by that one, in its first order
        boolean descend = current ? !descending : column.largestFirst;
        String dir = descend ? "desc" : "asc";
        String href = link(q, severity, code, column.key(), dir);
        return new Header(label, href, current ? (descending ? "descending" : "ascending") : "none",
                current ? (descending ? "▼" : "▲") : "");
    }

    private static String link(String q, String severity, String code, String sort, String dir) {
        StringJoiner query = new StringJoiner("&", PAGE + "?", "");
        if (!q.isEmpty()) {
            query.add("q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        }
        if (!severity.isEmpty()) {
            query.add("severity=" + URLEncoder.encode(severity, StandardCharsets.UTF_8));
        }
        if (!code.isEmpty()) {
            query.add("code=" + URLEncoder.encode(code, StandardCharsets.UTF_8));
        }
        query.add("sort=" + sort).add("dir=" + dir);
        return query.toString();
    }

    private static List<Option> options(List<String> values, String selected) {
        List<Option> options = new ArrayList<>();
        options.add(new Option("", "Any", selected.isEmpty()));
        values.forEach(value -> options.add(new Option(value, value, Objects.equals(value, selected))));
        return options;
    }

    private static String blankToEmpty(String value) {
        return value == null || value.isBlank() ? "" : value;
    }
}

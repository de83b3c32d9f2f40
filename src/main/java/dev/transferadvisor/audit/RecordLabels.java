package dev.transferadvisor.audit;

import java.util.Collection;

/**
 * A record's fired rule ids or finding codes as one column (H2 stores them in the record, db/vendor/h2 V9):
 * each value between newlines, so that {@code LIKE '%\nvalue\n%'} finds exactly that value. A backslash in a
 * value is written as two and a newline as backslash-n, so no value contains the separator.
 */
final class RecordLabels {

    private static final char SEPARATOR = '\n';

    private RecordLabels() {
    }

    /** The column's text, or null for none. */
    static String column(Collection<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder().append(SEPARATOR);
        values.stream().sorted().forEach(value -> text.append(escaped(value)).append(SEPARATOR));
        return text.toString();
    }

    /** A LIKE pattern, with {@code ESCAPE '!'}, that matches a column holding this value. */
    static String pattern(String value) {
        String literal = (SEPARATOR + escaped(value) + SEPARATOR).replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return "%" + literal + "%";
    }

    private static String escaped(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n");
    }
}

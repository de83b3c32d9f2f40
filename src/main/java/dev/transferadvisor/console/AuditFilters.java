package dev.transferadvisor.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The audit list's filters as its form sends them, checked: a time range in UTC ({@code from} inclusive,
 * {@code to} exclusive, as the API takes them), a rule id, a finding code and a client reference. Each value is
 * kept as the form shows it ({@code ""} when not given) and each bad one with what is wrong, for the page to say
 * beside its field.
 */
public record AuditFilters(String from, String to, String rule, String code, String reference, Instant fromInstant,
        Instant toInstant, Map<String, String> errors) {

    /** The fields whose errors the page shows beside them: the service checks no other filter's value. */
    private static final Set<String> FIELDS = Set.of("from", "to");

    static final String TIME_EXPECTED = "is not a date and time such as 2026-11-28T10:15 (taken as UTC)";

    static AuditFilters read(String from, String to, String rule, String code, String reference) {
        Map<String, String> errors = new LinkedHashMap<>();
        Instant fromInstant = time("from", from, errors);
        Instant toInstant = time("to", to, errors);
        if (fromInstant != null && toInstant != null && !toInstant.isAfter(fromInstant)) {
            errors.put("to", "must be later than from");
        }
        return new AuditFilters(shown(from, fromInstant), shown(to, toInstant), text(rule), text(code), text(reference),
                fromInstant, toInstant, errors);
    }

    /** The same filters with more errors, e.g. those the API found. */
    AuditFilters withErrors(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(errors);
        more.forEach(all::putIfAbsent);
        return new AuditFilters(from, to, rule, code, reference, fromInstant, toInstant, all);
    }

    private static Instant time(String name, String value, Map<String, String> errors) {
        String text = text(value);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return UtcTimes.parse(text);
        } catch (DateTimeParseException e) {
            errors.put(name, "“" + text + "” " + TIME_EXPECTED);
            return null;
        }
    }

    /** A good time as a datetime-local input shows it; a bad one as it was typed, so its error can quote it. */
    private static String shown(String typed, Instant parsed) {
        return parsed != null ? UtcTimes.inputValue(parsed) : text(typed);
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /** Whether any filter is set: the page then offers to clear them. */
    public boolean any() {
        return !(from + to + rule + code + reference).isEmpty();
    }

    public String fromError() {
        return errors.get("from");
    }

    public String toError() {
        return errors.get("to");
    }

    /** Errors the form has no field for (a cursor the service never gave out). */
    public String otherErrors() {
        StringJoiner other = new StringJoiner("; ");
        errors.forEach((name, message) -> {
            if (!FIELDS.contains(name)) {
                other.add(name + " " + message);
            }
        });
        return other.length() == 0 ? null : other.toString();
    }

    /** This list's newest page with the same filters. */
    public String newestHref() {
        String query = query(true, null);
        return "/console/audit" + (query.isEmpty() ? "" : "?" + query);
    }

    /** This list's page after {@code cursor} (the API's nextCursor), with the same filters. */
    String olderHref(String cursor) {
        return "/console/audit?" + query(true, cursor);
    }

    /** The JSON Lines download of this time range (the export takes no other filter). */
    public String exportHref() {
        String query = query(false, null);
        return "/console/audit/export" + (query.isEmpty() ? "" : "?" + query);
    }

    private String query(boolean all, String cursor) {
        StringJoiner query = new StringJoiner("&");
        add(query, "from", from);
        add(query, "to", to);
        if (all) {
            add(query, "rule", rule);
            add(query, "code", code);
            add(query, "reference", reference);
        }
        add(query, "cursor", cursor);
        return query.toString();
    }

    private static void add(StringJoiner query, String name, String value) {
        if (value != null && !value.isEmpty()) {
            query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    static String orNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}

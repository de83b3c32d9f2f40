package dev.transferadvisor.ruleset;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/** Readable one-line summaries of facts, as the trace shows them: {@code Type{field=value, …}}, nulls left out. */
public final class FactSummary {

    private static final int MAX_VALUE_CHARS = 160;
    private static final int MAX_FACT_CHARS = 240;

    private FactSummary() {
    }

    /** Summarises a record by its non-null components; any other object by its own {@code toString}. */
    public static String of(Object fact) {
        if (fact == null) {
            return "null";
        }
        if (fact instanceof Object[] results) {
            // an accumulate with several functions matches the array of their results
            return value(java.util.Arrays.asList(results));
        }
        if (!fact.getClass().isRecord()) {
            String text = braces(String.valueOf(fact));
            return text.length() > MAX_FACT_CHARS ? text.substring(0, MAX_FACT_CHARS - 1) + "…" : text;
        }
        StringJoiner fields = new StringJoiner(", ", fact.getClass().getSimpleName() + "{", "}");
        for (Component component : COMPONENTS.get(fact.getClass())) {
            Object value;
            try {
                value = component.accessor.invoke(fact);
            } catch (Throwable e) {
                continue;
            }
            if (value != null) {
                fields.add(component.name + "=" + value(value));
            }
        }
        return fields.toString();
    }

    /**
     * Declared types (DRL {@code declare}) print as {@code Type( a=1, b=2 )}; the trace shows them as
     * records print, {@code Type{a=1, b=2}}. By hand rather than by regular expression: every fact a
     * case derives is summarised once per answer.
     */
    static String braces(String text) {
        int open = text.indexOf('(');
        if (open < 0 || open + 1 >= text.length() || !Character.isWhitespace(text.charAt(open + 1))) {
            return text;
        }
        int end = text.length();
        if (text.charAt(end - 1) != ')' || !Character.isWhitespace(text.charAt(end - 2))) {
            return text;
        }
        int from = open + 1;
        while (from < end && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        int to = end - 1;
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        return text.substring(0, open) + '{' + text.substring(from, to) + '}';
    }

    private record Component(String name, MethodHandle accessor) {
    }

    // Summaries are made for every matched fact of every firing: look the accessors up once per class.
    private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
            List<Component> components = new ArrayList<>();
            for (RecordComponent component : type.getRecordComponents()) {
                try {
                    MethodHandle handle = MethodHandles.publicLookup().unreflect(component.getAccessor())
                            .asType(MethodType.methodType(Object.class, Object.class));
                    components.add(new Component(component.getName(), handle));
                } catch (IllegalAccessException e) {
                    // a non-public record: leave the component out of its summary
                }
            }
            return List.copyOf(components);
        }
    };

    private static String value(Object value) {
        String text;
        if (value == null) {
            // an element of a list or map, or one result of an accumulate (a max over no facts, say)
            text = "null";
        } else if (value instanceof Map<?, ?> map) {
            text = map.entrySet().stream().map(e -> e.getKey() + "=" + value(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        } else if (value instanceof Collection<?> list) {
            text = list.stream().map(FactSummary::value).collect(Collectors.joining(",", "[", "]"));
        } else if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            text = String.valueOf(d.longValue());
        } else if (value.getClass().isRecord()) {
            text = of(value);
        } else {
            text = String.valueOf(value);
        }
        return text.length() > MAX_VALUE_CHARS ? text.substring(0, MAX_VALUE_CHARS - 1) + "…" : text;
    }
}

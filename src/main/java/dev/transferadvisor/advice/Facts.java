package dev.transferadvisor.advice;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/** Readable one-line summaries of facts, as the trace shows them: {@code Type{field=value, …}}, nulls left out. */
public final class Facts {

    private static final int MAX_VALUE_CHARS = 160;
    private static final int MAX_FACT_CHARS = 240;

    private Facts() {
    }

    /** Summarises a record by its non-null components; any other object by its own {@code toString}. */
    public static String summary(Object fact) {
        if (fact == null) {
            return "null";
        }
        if (!fact.getClass().isRecord()) {
            // declared types (DRL `declare`) print as Type( a=1, b=2 ); keep a trace line readable
            String text = String.valueOf(fact).replaceAll("\\(\\s+", "{").replaceAll("\\s+\\)$", "}");
            return text.length() > MAX_FACT_CHARS ? text.substring(0, MAX_FACT_CHARS - 1) + "…" : text;
        }
        StringJoiner fields = new StringJoiner(", ", fact.getClass().getSimpleName() + "{", "}");
        for (RecordComponent component : fact.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(fact);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (value != null) {
                fields.add(component.getName() + "=" + value(value));
            }
        }
        return fields.toString();
    }

    private static String value(Object value) {
        String text;
        if (value instanceof Map<?, ?> map) {
            text = map.entrySet().stream().map(e -> e.getKey() + "=" + value(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        } else if (value instanceof Collection<?> list) {
            text = list.stream().map(Facts::value).collect(Collectors.joining(",", "[", "]"));
        } else if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            text = String.valueOf(d.longValue());
        } else if (value.getClass().isRecord()) {
            text = summary(value);
        } else {
            text = String.valueOf(value);
        }
        return text.length() > MAX_VALUE_CHARS ? text.substring(0, MAX_VALUE_CHARS - 1) + "…" : text;
    }
}

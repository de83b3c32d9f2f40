package dev.transferadvisor.advice;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What "not given" means in a case: a field left out, sent as {@code null}, or sent empty — an empty
 * list, an empty object, an object whose every field is itself not given. Generated clients and form
 * tools commonly send the empty forms for fields their user never set, so the case's records turn each
 * into {@code null} as they are built, and the rules cannot tell the forms apart. Wrong types and bad
 * values are not affected: they still fail validation.
 */
final class Given {

    private Given() {
    }

    /** The list, or {@code null} if it is empty. */
    static <T> List<T> list(List<T> list) {
        return list == null || list.isEmpty() ? null : list;
    }

    /** The map, or {@code null} if it is empty. */
    static <K, V> Map<K, V> map(Map<K, V> map) {
        return map == null || map.isEmpty() ? null : map;
    }

    /** The record, or {@code null} if none of its components is given. */
    static <R extends Record> R object(R value) {
        if (value == null) {
            return null;
        }
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            Object field;
            try {
                field = component.getAccessor().invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
            if (field != null && !(field instanceof Collection<?> c && c.isEmpty()) && !(field instanceof Map<?, ?> m && m.isEmpty())) {
                return value;
            }
        }
        return null;
    }
}

package dev.transferadvisor.advice;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

import dev.transferadvisor.system.Problem.FieldError;

/**
 * Turns a request body into a valid {@link TransferCase} or an {@link InvalidCaseException} naming
 * every offending field at once: unknown fields, wrong types, unknown enum values and constraint
 * violations are collected in one pass, so a client fixes the body once rather than field by field.
 */
final class CaseReader {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        // "12" is not a number and "true" not a boolean: a wrong type is the client's to fix.
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            STRICT.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        STRICT.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        STRICT.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        STRICT.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        STRICT.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    private final Validator validator;

    CaseReader(Validator validator) {
        this.validator = validator;
    }

    TransferCase read(byte[] body) {
        if (body == null || body.length == 0 || new String(body, 0, Math.min(body.length, 64)).isBlank()) {
            throw new InvalidCaseException(true, "The body is empty; send a transfer case as a JSON object", List.of());
        }
        Collector collector = new Collector();
        ObjectReader reader = STRICT.readerFor(TransferCase.class).withHandler(collector);
        TransferCase transferCase = null;
        try {
            transferCase = reader.readValue(body);
        } catch (MismatchedInputException e) {
            // A type error the handler could not absorb: report it with whatever was collected before.
            collector.errors.add(new FieldError(pointer(e), simplify(e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            throw new InvalidCaseException(true, "The body is not valid JSON: " + e.getOriginalMessage()
                    + location(e), List.of());
        } catch (IOException e) {
            throw new InvalidCaseException(true, "The body could not be read: " + e.getMessage(), List.of());
        }
        return validate(transferCase, collector.errors);
    }

    /** Reads a case given as a JSON tree (scenario files), with the same checks as a request body. */
    TransferCase read(JsonNode tree) {
        try {
            return read(STRICT.writeValueAsBytes(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private TransferCase validate(TransferCase transferCase, List<FieldError> errors) {
        if (transferCase == null && errors.isEmpty()) {
            errors.add(new FieldError("", "must be a JSON object describing the case"));
        }
        if (transferCase != null) {
            for (ConstraintViolation<TransferCase> violation : validator.validate(transferCase)) {
                String field = pointer(violation.getPropertyPath());
                // The reader already reported why a field is null (unknown enum value, wrong type).
                if (errors.stream().noneMatch(e -> e.field().equals(field))) {
                    errors.add(new FieldError(field, violation.getMessage()));
                }
            }
        }
        if (!errors.isEmpty()) {
            List<FieldError> sorted = errors.stream().sorted(Comparator.comparing(FieldError::field)).toList();
            String fields = sorted.stream().map(FieldError::field).distinct().collect(Collectors.joining(", "));
            throw new InvalidCaseException(false, sorted.size() + " field(s) of the case are invalid: " + fields, sorted);
        }
        return transferCase;
    }

    /** Absorbs recoverable problems, records each with its JSON pointer, and lets reading continue. */
    private static final class Collector extends DeserializationProblemHandler {
        final List<FieldError> errors = new ArrayList<>();

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                Object beanOrClass, String propertyName) throws IOException {
            Collection<Object> known = deserializer.getKnownPropertyNames();
            String hint = known == null || known.isEmpty() ? ""
                    : "; known fields here: " + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
            errors.add(new FieldError(pointer(p.getParsingContext()),
                    "unknown field" + hint + " (extra facts go under attributes)"));
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value, String failureMsg) {
            errors.add(new FieldError(here(ctxt), describe(targetType, "\"" + value + "\"")));
            return null;
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value, String failureMsg) {
            errors.add(new FieldError(here(ctxt), describe(targetType, String.valueOf(value))));
            return null;
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken token, JsonParser p,
                String failureMsg) throws IOException {
            String found = switch (token) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                default -> String.valueOf(token);
            };
            String pointer = pointer(p.getParsingContext());
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                p.skipChildren();
            }
            errors.add(new FieldError(pointer, "must be " + expected(targetType.getRawClass()) + ", found " + found));
            return null;
        }

        private static String here(DeserializationContext ctxt) {
            return pointer(ctxt.getParser().getParsingContext());
        }
    }

    private static String describe(Class<?> targetType, String value) {
        if (targetType.isEnum()) {
            return "unknown value " + value + "; allowed: " + Arrays.stream(targetType.getEnumConstants())
                    .map(String::valueOf).collect(Collectors.joining(", "));
        }
        return "must be " + expected(targetType) + ", found " + value;
    }

    private static String expected(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
        }
        if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /**
     * The JSON pointer of where a parser stands. Records are built through a buffering parser whose
     * context chain repeats a field's name and opens a nameless context for a value just entered, so
     * nameless contexts are skipped and a name directly repeated is taken once.
     */
    private static String pointer(JsonStreamContext context) {
        java.util.Deque<String> segments = new java.util.ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            String segment = c.inArray() ? String.valueOf(Math.max(0, c.getCurrentIndex()))
                    : c.getCurrentName() == null ? null : escape(c.getCurrentName());
            if (segment != null && !(c.inObject() && segment.equals(segments.peekFirst()))) {
                segments.addFirst(segment);
            }
        }
        return segments.isEmpty() ? "" : "/" + String.join("/", segments);
    }

    private static String pointer(MismatchedInputException e) {
        StringBuilder pointer = new StringBuilder();
        e.getPath().forEach(ref -> pointer.append('/').append(ref.getFieldName() != null ? escape(ref.getFieldName()) : ref.getIndex()));
        return pointer.toString();
    }

    /** A bean-validation path as a JSON pointer: {@code source.preprocessing.std[1]} → {@code /source/preprocessing/std/1}. */
    static String pointer(Path path) {
        StringBuilder pointer = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                pointer.append('/').append(node.getIndex() != null ? node.getIndex() : escape(String.valueOf(node.getKey())));
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                pointer.append('/').append(escape(node.getName()));
            }
        }
        return pointer.toString();
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static String simplify(String message) {
        int cut = message.indexOf(" (class ");
        String plain = cut > 0 ? message.substring(0, cut) : message;
        return plain.replaceAll("`[a-z]+(\\.[a-zA-Z0-9_$]+)+`", "value").replaceAll("\\bjava\\.lang\\.", "");
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

}

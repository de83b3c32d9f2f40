package dev.transferadvisor.advice;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import dev.transferadvisor.ruleset.TraceEntry;
import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * How answers are written where Jackson's defaults cost most: each firing in a trace carries its rule's metadata
 * (~13 KB of a 55 KB answer, the same few hundred bytes for every firing of a rule, with characters outside ASCII
 * that take Jackson's slow path), so a rule's metadata is serialised once and then copied into answers as the
 * same bytes (README Performance).
 */
@Singleton
public class AnswerJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.addMixIn(TraceEntry.class, TraceEntryJson.class);
    }

    /** {@link TraceEntry} as Jackson sees it: its metadata through {@link MetadataSerializer}. */
    abstract static class TraceEntryJson {
        @JsonSerialize(using = MetadataSerializer.class)
        abstract Map<String, Object> metadata();
    }

    /**
     * Writes a metadata map from the JSON made for that very map before. A ruleset's rules hold one map each for
     * as long as the version serves, so the bytes are those Jackson would write; looked up by identity, as the
     * map's own equality would hash its contents on every firing, and two equal maps may iterate in different
     * orders (each in its rule's declaration order). Only a rule's own map is remembered (the compiler makes it
     * unmodifiable); a map read back from a stored answer is new at every read and would only fill the memory, so
     * it is written as usual, as is pretty printed output. Jackson keeps an instance per mapper, so what one
     * remembers was written with its own mapper's settings. It forgets everything past {@value #REMEMBERED} maps
     * (an author's many versions), never growing without bound.
     */
    static final class MetadataSerializer extends StdSerializer<Map<String, Object>> {

        static final int REMEMBERED = 10_000;
        private static final Class<?> RULE_METADATA = Collections.unmodifiableMap(new LinkedHashMap<>()).getClass();
        private final Map<Identity, SerializableString> written = new ConcurrentHashMap<>();

        /** A map as a key by its identity. */
        private record Identity(Map<String, Object> map) {
            @Override
            public boolean equals(Object other) {
                return other instanceof Identity that && that.map == map;
            }

            @Override
            public int hashCode() {
                return System.identityHashCode(map);
            }
        }

        @SuppressWarnings("unchecked")
        MetadataSerializer() {
            super((Class<Map<String, Object>>) (Class<?>) Map.class);
        }

        @Override
        public void serialize(Map<String, Object> metadata, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (gen.getPrettyPrinter() != null || !(gen.getCodec() instanceof ObjectMapper mapper)
                    || metadata.getClass() != RULE_METADATA) {
                provider.defaultSerializeValue(metadata, gen);
                return;
            }
            Identity key = new Identity(metadata);
            SerializableString json = written.get(key);
            if (json == null) {
                if (written.size() >= REMEMBERED) {
                    written.clear();
                }
                json = new SerializedString(mapper.writeValueAsString(metadata));
                written.put(key, json);
            }
            gen.writeRawValue(json);
        }
    }
}

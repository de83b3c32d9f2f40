package dev.transferadvisor.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import io.quarkus.logging.Log;

/**
 * The {@link CompressionDictionary} each kind of text (requests, diagnoses) of each ruleset version is compressed
 * against, trained on this instance from the first {@code samples} texts of that kind and version it records (fewer
 * once they hold 1 MB); they and every text until the dictionary is ready are compressed without one (and all are,
 * where zstd cannot be loaded: {@link StoredText}). Training runs on {@code trainer}, never on a request's thread
 * (0.15-0.45 s for 16 answers of 55 KB). A version's rules decide what its answers repeat, so each version gets its
 * own; the few most recent versions are kept.
 */
final class DictionaryTraining {

    private static final int VERSIONS_KEPT = 4;
    /** Samples held for one dictionary at most (training takes 4 bytes a sample byte besides): large answers train sooner. */
    private static final int MAX_SAMPLE_BYTES = 1024 * 1024;

    private final int samples;
    private final Executor trainer;
    private final AtomicLong trained = new AtomicLong();
    private final Map<String, Slot> slots = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Slot> eldest) {
            return size() > VERSIONS_KEPT * 2;
        }
    };

    /** @param samples texts a dictionary is trained on; 0: none is ever trained */
    DictionaryTraining(int samples, Executor trainer) {
        this.samples = samples;
        this.trainer = trainer;
    }

    /**
     * The dictionary to compress {@code text} against, or {@code null} while there is none yet for its kind and version
     * (the text may then become one of the samples; it is copied, not kept).
     */
    CompressionDictionary forText(String kind, String version, byte[] text) {
        if (samples <= 0 || version == null || !StoredText.ZSTD) {
            return null;
        }
        Slot slot;
        synchronized (slots) {
            slot = slots.computeIfAbsent(kind + ' ' + version, key -> new Slot());
        }
        return slot.offer(text);
    }

    /** Dictionaries trained since start. */
    long trained() {
        return trained.get();
    }

    private final class Slot {
        private volatile CompressionDictionary dictionary;
        /** Samples so far; {@code null} once training has begun. */
        private volatile List<byte[]> collected = new ArrayList<>();
        private long collectedBytes;

        CompressionDictionary offer(byte[] text) {
            CompressionDictionary ready = dictionary;
            if (ready != null || collected == null) {
                return ready;
            }
            List<byte[]> full;
            synchronized (this) {
                if (collected == null) {
                    return dictionary;
                }
                collected.add(text.clone());
                collectedBytes += text.length;
                if (collected.size() < samples && collectedBytes < MAX_SAMPLE_BYTES) {
                    return null;
                }
                full = collected;
                collected = null; // the trainer's alone from now on
            }
            try {
                trainer.execute(() -> train(full));
            } catch (RejectedExecutionException stopping) {
                // the store is stopping: this version's texts are compressed without a dictionary
            }
            return null;
        }

        private void train(List<byte[]> texts) {
            try {
                byte[] content = CompressionDictionary.train(texts, CompressionDictionary.MAX_SIZE);
                if (content.length >= CompressionDictionary.MIN_SIZE) {
                    dictionary = CompressionDictionary.of(content);
                    trained.incrementAndGet();
                }
            } catch (RuntimeException e) {
                Log.warnf(e, "No compression dictionary could be trained; records are compressed without one");
            }
        }
    }
}

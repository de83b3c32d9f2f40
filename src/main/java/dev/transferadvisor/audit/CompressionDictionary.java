package dev.transferadvisor.audit;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictContentType;

/**
 * A dictionary records are compressed against (zstd's raw-content dictionary; zlib's preset dictionary,
 * {@code FDICT}, for records written before zstd): text that answers of one ruleset version have in common — rule
 * metadata, the facts a case firing names, findings' titles and remediations — so that each record refers to it
 * rather than repeating it. Stored once in {@code audit_dictionary} under its SHA-256 ({@link #id()}),
 * content-addressed and so never changed: a record names the dictionary it was compressed with, and the chain's
 * digest covers the decompressed text, so an altered dictionary shows as records that no longer verify.
 *
 * <p>{@link #train} picks the dictionary from sample records the way zstd's COVER trainer does, simplified: it
 * scores every run of {@value #SEGMENT} bytes by how many samples share each of its 8-byte pieces, takes the best
 * run, forgets the pieces it covered, and repeats until the dictionary is full; the best runs go last, where
 * the compressor reaches them with the shortest distances. (zstd's own trainer, {@code ZDICT}, refused 8 answers as
 * too few samples, and a version's first records are few.) Measured on the answers to the 59 test scenarios
 * outside the warm-up set, with a dictionary trained on the six warm-up answers: see {@code CompressionDictionaryTest}.
 */
final class CompressionDictionary {

    /** zstd reaches the whole of a dictionary; past 64 KB the API example's answer gained nothing more. */
    static final int MAX_SIZE = 64 * 1024;
    /** Shorter than this, a dictionary saves less than it costs to name. */
    static final int MIN_SIZE = 1024;
    private static final int SEGMENT = 256;
    private static final int PIECE = 8;
    private static final int PIECE_BITS = 20;

    /** Dictionaries read back, by id: content-addressed, so one cache serves every store in the JVM. */
    private static final Map<String, byte[]> READ = new ConcurrentHashMap<>();
    private static final int READ_KEPT = 256;

    private final String id;
    private final byte[] content;
    /** The content digested for {@link StoredText#LEVEL} once (in native memory), for every record compressed against it. */
    private volatile ZstdDictCompress compressor;

    private CompressionDictionary(String id, byte[] content) {
        this.id = id;
        this.content = content;
    }

    static CompressionDictionary of(byte[] content) {
        return new CompressionDictionary(Chain.sha256Hex(content), content.clone());
    }

    /** Its SHA-256 in hex: what a record names it by. */
    String id() {
        return id;
    }

    /** Its bytes: not to be changed. */
    byte[] content() {
        return content;
    }

    ZstdDictCompress compressor() {
        ZstdDictCompress digested = compressor;
        if (digested == null) {
            synchronized (this) {
                digested = compressor;
                if (digested == null) {
                    digested = new ZstdDictCompress(content, StoredText.LEVEL, ZstdDictContentType.RAW_CONTENT);
                    compressor = digested;
                }
            }
        }
        return digested;
    }

    @Override
    public String toString() {
        return "dictionary " + id + " (" + content.length + " bytes)";
    }

    /**
     * The content of the stored dictionary {@code id}, read through {@code db} the first time.
     *
     * @throws IllegalStateException when there is no such dictionary, or its content is not what its id says (altered)
     */
    static byte[] stored(Connection db, String id) throws SQLException {
        return stored(db, id, READ);
    }

    /**
     * As {@link #stored(Connection, String)}, remembered in {@code read}: verification passes a map of its own, so that
     * it checks each dictionary as the store holds it now.
     */
    static byte[] stored(Connection db, String id, Map<String, byte[]> read) throws SQLException {
        byte[] content = read.get(id);
        if (content != null) {
            return content;
        }
        try (PreparedStatement query = db.prepareStatement("SELECT content FROM audit_dictionary WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("its compression dictionary " + id + " is missing");
                }
                content = rs.getBytes(1);
            }
        }
        if (!Chain.sha256Hex(content).equals(id)) {
            throw new IllegalStateException("its compression dictionary " + id + " has been altered");
        }
        if (read.size() >= READ_KEPT) {
            read.clear();
        }
        read.put(id, content);
        return content;
    }

    /**
     * The dictionary of at most {@code size} bytes that covers most of what the samples share; empty when they
     * share nothing (or are shorter than a segment).
     */
    static byte[] train(List<byte[]> samples, int size) {
        // each 8-byte piece hashed into a fixed table (collisions only blur a score a little): training takes
        // 8 MB and 4 bytes a sample byte whatever the samples hold, where a map of distinct pieces took ~70 bytes each
        int[] score = new int[1 << PIECE_BITS];
        int[] lastSample = new int[1 << PIECE_BITS];
        List<int[]> pieces = new ArrayList<>(samples.size());
        for (int s = 0; s < samples.size(); s++) {
            byte[] sample = samples.get(s);
            int[] ids = new int[Math.max(0, sample.length - PIECE + 1)];
            for (int i = 0; i < ids.length; i++) {
                int id = bucket(sample, i);
                ids[i] = id;
                if (lastSample[id] != s + 1) { // how many samples hold the piece, not how often it occurs
                    lastSample[id] = s + 1;
                    score[id]++;
                }
            }
            pieces.add(ids);
        }
        int window = SEGMENT - PIECE + 1;
        List<byte[]> chosen = new ArrayList<>();
        int total = 0;
        while (total + SEGMENT <= size) {
            long best = 0;
            int bestSample = -1;
            int bestStart = -1;
            for (int s = 0; s < samples.size(); s++) {
                int[] ids = pieces.get(s);
                if (ids.length < window) {
                    continue;
                }
                long sum = 0;
                for (int i = 0; i < window; i++) {
                    sum += score[ids[i]];
                }
                for (int start = 0;; start++) {
                    if (sum > best) {
                        best = sum;
                        bestSample = s;
                        bestStart = start;
                    }
                    if (start + window >= ids.length) {
                        break;
                    }
                    sum += score[ids[start + window]] - score[ids[start]];
                }
            }
            if (bestSample < 0) {
                break;
            }
            int[] ids = pieces.get(bestSample);
            for (int i = bestStart; i < bestStart + window; i++) {
                score[ids[i]] = 0;
            }
            byte[] sample = samples.get(bestSample);
            byte[] segment = new byte[SEGMENT];
            System.arraycopy(sample, bestStart, segment, 0, SEGMENT);
            chosen.add(segment);
            total += SEGMENT;
        }
        Collections.reverse(chosen);
        ByteArrayOutputStream out = new ByteArrayOutputStream(total);
        chosen.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static int bucket(byte[] bytes, int at) {
        long key = 0;
        for (int i = 0; i < PIECE; i++) {
            key = (key << 8) | (bytes[at + i] & 0xff);
        }
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> (Long.SIZE - PIECE_BITS));
    }
}

package dev.transferadvisor.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import dev.transferadvisor.system.ThreadBuffer;

/**
 * The request and diagnosis texts of a record as the store keeps them: deflated UTF-8 (zlib format) in
 * {@code <column>_deflated} since migration V3, the text itself in {@code <column>} before. A diagnosis
 * is mostly its trace, which deflates to about a fifth, and with a {@link DeflateDictionary} of its ruleset
 * version (V10) to about a tenth; the hash chain covers the text either way.
 */
final class StoredText {

    private static final int POOLED = 4;
    private static final BlockingQueue<Deflater> DEFLATERS = new ArrayBlockingQueue<>(POOLED);
    /** A deflated answer is ~10 KB, a request well under 1 KB. */
    private static final ThreadBuffer.Local OUTPUT = new ThreadBuffer.Local(32 * 1024);

    private StoredText() {
    }

    static byte[] deflate(String text) {
        return deflate(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Every diagnosis deflates its request and its answer on the request thread. A deflater is reused (each
     * new one sets up ~270 KB of zlib state natively; at most {@link #POOLED} are kept, so that native memory
     * stays bounded however many threads deflate) and the output goes to a buffer of the thread's, copied out
     * once at its exact size: the stream and chunk this replaced were 9% of the service's allocation under load.
     */
    static byte[] deflate(byte[] input) {
        return deflate(input, null);
    }

    /**
     * Deflated with a preset dictionary, whose id the record must name to be read back; none when {@code null}. With a
     * dictionary, a text longer than 32 KB becomes several zlib streams one after the other, each of 32 KB of text.
     */
    static byte[] deflate(byte[] input, DeflateDictionary dictionary) {
        Deflater deflater = DEFLATERS.poll();
        if (deflater == null) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        }
        try (ThreadBuffer out = OUTPUT.take()) {
            // deflate reaches 32 KB back: past that a dictionary is out of reach, so with one each 32 KB is a stream of
            // its own that starts from it again (the API example's 55 KB answer: 3.1 against 5.6 KB in one stream)
            int part = dictionary == null ? Math.max(1, input.length) : DeflateDictionary.MAX_SIZE;
            int from = 0;
            do {
                deflater.reset();
                if (dictionary != null) {
                    deflater.setDictionary(dictionary.content());
                }
                deflater.setInput(input, from, Math.min(part, input.length - from));
                deflater.finish();
                out.deflate(deflater);
                from += part;
            } while (from < input.length);
            return out.toByteArray();
        } finally {
            deflater.reset();
            if (!DEFLATERS.offer(deflater)) {
                deflater.end();
            }
        }
    }

    /** The UTF-8 bytes deflated, as they were: what the chain hashes and JSON parsers read, with no text decoded. */
    static byte[] inflateBytes(byte[] deflated) {
        return inflateBytes(deflated, null);
    }

    /**
     * @param dictionary the preset dictionary the text was deflated with, or {@code null}
     * @throws IllegalStateException when the bytes are not a complete zlib stream, or need a dictionary other than the one given
     */
    static byte[] inflateBytes(byte[] deflated, byte[] dictionary) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(deflated);
            ByteArrayOutputStream out = new ByteArrayOutputStream(deflated.length * 8);
            byte[] buffer = new byte[16384];
            while (true) {
                int n = inflater.inflate(buffer);
                if (n == 0 && inflater.needsDictionary()) {
                    if (dictionary == null) {
                        throw new IllegalStateException("the stored text needs a deflate dictionary its record does not name");
                    }
                    try {
                        inflater.setDictionary(dictionary);
                    } catch (IllegalArgumentException wrong) {
                        throw new IllegalStateException("the stored text was deflated with another dictionary than its record names");
                    }
                    continue;
                }
                out.write(buffer, 0, n);
                if (inflater.finished()) {
                    int rest = inflater.getRemaining();
                    if (rest == 0) {
                        return out.toByteArray();
                    }
                    // the next stream of a text deflated in parts with a dictionary
                    inflater.reset();
                    inflater.setInput(deflated, deflated.length - rest, rest);
                } else if (n == 0 && inflater.needsInput()) {
                    throw new IllegalStateException("the stored text is cut short");
                }
            }
        } catch (DataFormatException e) {
            throw new IllegalStateException("the stored text is not deflated data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /**
     * The text of {@code column} in the current row as UTF-8 bytes, from whichever of its two forms the row holds;
     * the row must have {@code <column>}, {@code <column>_deflated} and {@code <column>_dictionary} (V10: the
     * {@link DeflateDictionary} it was deflated with, read from the row's connection the first time).
     */
    static byte[] readBytes(ResultSet rs, String column) throws SQLException {
        return readBytes(rs, column, null);
    }

    /** As {@link #readBytes(ResultSet, String)}, with dictionaries remembered in {@code dictionaries} (null: the JVM's). */
    static byte[] readBytes(ResultSet rs, String column, Map<String, byte[]> dictionaries) throws SQLException {
        byte[] deflated = rs.getBytes(column + "_deflated");
        if (deflated != null) {
            String id = rs.getString(column + "_dictionary");
            byte[] dictionary = null;
            if (id != null) {
                Connection db = rs.getStatement().getConnection();
                dictionary = dictionaries == null ? DeflateDictionary.stored(db, id) : DeflateDictionary.stored(db, id, dictionaries);
            }
            return inflateBytes(deflated, dictionary);
        }
        String text = rs.getString(column);
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** The text of {@code column} in the current row, from whichever of its two forms the row holds (see {@link #readBytes}). */
    static String read(ResultSet rs, String column) throws SQLException {
        byte[] bytes = readBytes(rs, column);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}

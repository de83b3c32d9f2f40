package dev.transferadvisor.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictContentType;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.util.Native;

import dev.transferadvisor.system.ThreadBuffer;
import io.quarkus.logging.Log;

/**
 * The request and diagnosis texts of a record as the store keeps them: compressed UTF-8 in {@code <column>_deflated}
 * since migration V3, the text itself in {@code <column>} before. A diagnosis is mostly its trace, which compresses to
 * about a sixth alone, and with a {@link CompressionDictionary} of its ruleset version (V10) to about a twentieth; the
 * hash chain covers the text either way.
 *
 * <p>Written as one zstd frame (RFC 8878, level {@value #LEVEL}, with its content size and checksum), with the
 * record's dictionary where it has one. Records written before 2026-11-30 hold zlib streams instead (first byte
 * {@code 0x78}; with a dictionary, one stream per 32 KB of text): both read back, told apart by their first bytes.
 * Where zstd's native library cannot be loaded (a platform zstd-jni does not ship for, a temporary directory that
 * forbids executing), texts are deflated alone, as before dictionaries, and that is logged once.
 */
final class StoredText {

    /**
     * zstd's level: 3 (its default) compresses the API example's 55 KB answer against its version's dictionary to
     * 2.5-2.6 KB in ~56 µs, where deflate in parts took ~530 µs for 3.2 KB (JMH {@code AuditTextBenchmark}; levels 5-9
     * gave 2.1-1.4 KB at four to five times the time).
     */
    static final int LEVEL = 3;
    /** zstd's frame magic number, little-endian: what a compressed text of this class starts with. */
    private static final int ZSTD_MAGIC = 0xFD2FB528;
    /**
     * Largest text a frame may claim to hold, so that an altered record cannot make a reader allocate without bound: a
     * case is at most a few MB (1 MB by default), its answer a few times that.
     */
    private static final long LARGEST = 64L * 1024 * 1024;

    private static final int POOLED = 4;
    /** At most {@link #POOLED} compressors exist (each keeps its tables in native memory): a thread beyond them waits its turn (~50 µs). */
    private static final Semaphore COMPRESSING = new Semaphore(POOLED);
    private static final BlockingQueue<ZstdCompressCtx> COMPRESSORS = new ArrayBlockingQueue<>(POOLED);
    private static final BlockingQueue<Deflater> DEFLATERS = new ArrayBlockingQueue<>(POOLED);
    /** A compressed answer is ~3 KB, a request well under 1 KB. */
    private static final ThreadBuffer.Local OUTPUT = new ThreadBuffer.Local(32 * 1024);
    static final boolean ZSTD = zstdLoads();

    private StoredText() {
    }

    private static boolean zstdLoads() {
        try {
            Native.load();
            return true;
        } catch (Throwable e) { // UnsatisfiedLinkError, or an I/O error extracting the library
            Log.warnf("zstd's native library cannot be loaded here (%s): audit records are deflated without "
                    + "dictionaries, about three times larger", e);
            return false;
        }
    }

    static byte[] compress(String text) {
        return compress(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] compress(byte[] input) {
        return compress(input, null);
    }

    /**
     * Every diagnosis compresses its request and its answer on the request thread. A compressor is reused (at most
     * {@link #POOLED} exist, so that native memory stays bounded however many threads compress) and the output goes
     * to a buffer of the thread's, copied out once at its exact size.
     *
     * @param dictionary the dictionary the record will name, whose content the text is compressed against; none when {@code null}
     */
    static byte[] compress(byte[] input, CompressionDictionary dictionary) {
        if (!ZSTD) {
            return deflate(input);
        }
        COMPRESSING.acquireUninterruptibly();
        ZstdCompressCtx pooled = COMPRESSORS.poll();
        try (ThreadBuffer out = OUTPUT.take()) {
            ZstdCompressCtx zstd = pooled != null ? pooled : new ZstdCompressCtx();
            pooled = zstd;
            zstd.reset();
            zstd.setLevel(LEVEL);
            zstd.setChecksum(true);
            zstd.setContentSize(true);
            if (dictionary != null) {
                zstd.loadDict(dictionary.compressor());
            }
            out.fill((int) Zstd.compressBound(input.length),
                    (array, offset, length) -> zstd.compressByteArray(array, offset, length, input, 0, input.length));
            return out.toByteArray();
        } finally {
            if (pooled != null) {
                pooled.reset(); // lets go of the dictionary
                COMPRESSORS.add(pooled);
            }
            COMPRESSING.release();
        }
    }

    /** zlib alone, where zstd cannot be loaded; a deflater sets up ~270 KB of zlib state natively, so they are pooled too. */
    static byte[] deflate(byte[] input) {
        Deflater deflater = DEFLATERS.poll();
        if (deflater == null) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        }
        try (ThreadBuffer out = OUTPUT.take()) {
            deflater.setInput(input);
            deflater.finish();
            out.deflate(deflater);
            return out.toByteArray();
        } finally {
            deflater.reset();
            if (!DEFLATERS.offer(deflater)) {
                deflater.end();
            }
        }
    }

    /** The UTF-8 bytes compressed, as they were: what the chain hashes and JSON parsers read, with no text decoded. */
    static byte[] decompress(byte[] stored) {
        return decompress(stored, null);
    }

    /**
     * @param dictionary the content of the dictionary the record names, or {@code null}
     * @throws IllegalStateException when the bytes are not a complete text as this class writes them, or need a
     *         dictionary other than the one given
     */
    static byte[] decompress(byte[] stored, byte[] dictionary) {
        return isZstd(stored) ? unzstd(stored, dictionary) : inflate(stored, dictionary);
    }

    private static boolean isZstd(byte[] stored) {
        return stored.length >= 4 && ((stored[0] & 0xff) | (stored[1] & 0xff) << 8 | (stored[2] & 0xff) << 16
                | (stored[3] & 0xff) << 24) == ZSTD_MAGIC;
    }

    private static byte[] unzstd(byte[] stored, byte[] dictionary) {
        if (!ZSTD) {
            throw new IllegalStateException("the stored text is compressed with zstd, whose native library cannot be loaded here");
        }
        long size = Zstd.getFrameContentSize(stored);
        if (size < 0 || size > LARGEST) {
            throw new IllegalStateException("the stored text is not a zstd frame this service wrote (content size " + size + ")");
        }
        try (ZstdDecompressCtx zstd = new ZstdDecompressCtx()) {
            if (dictionary != null) {
                zstd.loadDict(dictionary, ZstdDictContentType.RAW_CONTENT);
            }
            byte[] text = new byte[(int) size];
            int n = zstd.decompressByteArray(text, 0, text.length, stored, 0, stored.length);
            if (n != size) {
                throw new IllegalStateException("the stored text is cut short");
            }
            return text;
        } catch (ZstdException e) {
            // a text compressed against a dictionary and read with another (or none) fails its checksum, if not before
            String or = dictionary == null ? "needs a dictionary its record does not name"
                    : "was compressed against another dictionary than its record names";
            throw new IllegalStateException("the stored text is cut short or altered, or " + or + " (zstd: " + e.getMessage() + ")", e);
        }
    }

    /** zlib, as records were written before zstd: with a dictionary, one stream after another, each of 32 KB of text. */
    private static byte[] inflate(byte[] deflated, byte[] dictionary) {
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
     * {@link CompressionDictionary} it was deflated with, read from the row's connection the first time).
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
                dictionary = dictionaries == null ? CompressionDictionary.stored(db, id) : CompressionDictionary.stored(db, id, dictionaries);
            }
            return decompress(deflated, dictionary);
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

package dev.transferadvisor.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.Inflater;

import org.junit.jupiter.api.Test;

import com.github.luben.zstd.Zstd;

/**
 * What the store keeps of a request and a diagnosis decompresses to the very bytes compressed — whatever their size,
 * with compressors and buffers reused across calls and threads (a byte out of place would break the chain's digests) —
 * and is a standard zstd frame; records written as zlib streams before zstd read back too.
 */
class StoredTextTest {

    @Test
    void everySizeComesBackByteForByte() {
        Random random = new Random(42);
        // empty, tiny, typical (an answer is ~55 KB of JSON), large; odd sizes are random bytes, which do not compress:
        // 100,001 of them compress to more than the thread's 32 KB buffer holds, so it grows
        for (int size : new int[] { 0, 1, 100, 55_000, 40_000, 100_001, 300_000, 1_000_000 }) {
            byte[] text = size % 2 == 0 ? json(size) : new byte[size];
            if (size % 2 != 0) {
                random.nextBytes(text);
            }
            byte[] compressed = StoredText.compress(text);
            assertThat(StoredText.decompress(compressed)).as("%d bytes", size).isEqualTo(text);
            assertThat(Zstd.decompress(compressed, size)).as("a plain zstd frame, %d bytes", size).isEqualTo(text);
            // as records were written before zstd
            assertThat(StoredText.decompress(StoredText.deflate(text))).as("zlib, %d bytes", size).isEqualTo(text);
            assertThat(standardInflate(StoredText.deflate(text))).as("a plain zlib stream, %d bytes", size).isEqualTo(text);
        }
    }

    @Test
    void aCompressorReusedAfterAHugeInputStartsClean() {
        byte[] huge = json(2_000_000);
        byte[] small = "{\"id\":\"a\"}".getBytes(StandardCharsets.UTF_8);
        StoredText.compress(huge);
        // the same thread, the pooled compressor and the kept buffer: nothing of the huge input leaks into the next
        assertThat(StoredText.decompress(StoredText.compress(small))).isEqualTo(small);
    }

    @Test
    void threadsCompressingAtOnceEachGetTheirOwnBytes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> rounds = new ArrayList<>();
            for (int t = 0; t < 64; t++) {
                int seed = t;
                rounds.add(pool.submit(() -> {
                    byte[] text = json(1_000 + seed * 997);
                    text[text.length / 2] = (byte) ('a' + seed % 26);
                    return java.util.Arrays.equals(StoredText.decompress(StoredText.compress(text)), text);
                }));
            }
            for (Future<Boolean> round : rounds) {
                assertThat(round.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTextCutShortOrAlteredIsRefused() {
        byte[] compressed = StoredText.compress(json(10_000));
        byte[] cut = java.util.Arrays.copyOf(compressed, compressed.length / 2);
        assertThatThrownBy(() -> StoredText.decompress(cut)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cut short or altered");
        byte[] altered = compressed.clone();
        altered[altered.length / 2] ^= 0x10;
        assertThatThrownBy(() -> StoredText.decompress(altered)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cut short or altered");
        byte[] deflated = StoredText.deflate(json(10_000));
        byte[] cutDeflated = java.util.Arrays.copyOf(deflated, deflated.length / 2);
        assertThatThrownBy(() -> StoredText.decompress(cutDeflated)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cut short");
    }

    @Test
    void aFrameClaimingMoreThanAnyRecordHoldsIsRefusedNotAllocated() {
        byte[] bomb = Zstd.compress(new byte[65 * 1024 * 1024 + 1]); // a few KB that would inflate past the limit
        assertThat(bomb.length).isLessThan(64 * 1024);
        assertThatThrownBy(() -> StoredText.decompress(bomb)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a zstd frame this service wrote");
    }

    /** JSON-like text of that many bytes, repetitive as a trace is, with non-ASCII characters as answers have. */
    private static byte[] json(int size) {
        StringBuilder text = new StringBuilder(size + 64);
        int i = 0;
        while (text.length() < size) {
            text.append("{\"sequence\":").append(i++).append(",\"rule\":\"pitfalls/rule-").append(i % 37)
                    .append("\",\"matched\":[\"Case{n=").append(i * 31 % 1000).append(", band=500–5k §2 …}\"]},");
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(bytes, size);
    }

    private static byte[] standardInflate(byte[] deflated) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(deflated);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] chunk = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && !inflater.finished() && inflater.needsInput()) {
                    throw new AssertionError("truncated");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (java.util.zip.DataFormatException e) {
            throw new AssertionError(e);
        } finally {
            inflater.end();
        }
    }
}

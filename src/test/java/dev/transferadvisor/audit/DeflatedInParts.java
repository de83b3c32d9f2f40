package dev.transferadvisor.audit;

import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;

/**
 * A text as records held it from migration V10 until zstd (2026-11-30): zlib streams of 32 KB of text each, every one
 * starting from the dictionary, one after the other. Written no more; {@link StoredText} still reads it.
 */
final class DeflatedInParts {

    static final int PART = 32 * 1024;

    private DeflatedInParts() {
    }

    static byte[] of(byte[] text, byte[] dictionary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater();
        byte[] buffer = new byte[8192];
        int from = 0;
        try {
            do {
                deflater.reset();
                deflater.setDictionary(dictionary);
                deflater.setInput(text, from, Math.min(PART, text.length - from));
                deflater.finish();
                while (!deflater.finished()) {
                    out.write(buffer, 0, deflater.deflate(buffer));
                }
                from += PART;
            } while (from < text.length);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }
}

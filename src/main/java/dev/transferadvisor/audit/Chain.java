package dev.transferadvisor.audit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The tamper-evident chain: each record's hash covers its own content and the previous record's hash,
 * so altering, removing or reordering any record breaks every hash after it. The content digest is
 * computed on the request thread; only the cheap link to the previous hash is made by the writer.
 */
final class Chain {

    /** The previous hash of the first record. */
    static final String GENESIS = "0".repeat(64);

    private static final byte[] NULL_FIELD = "-1:".getBytes(StandardCharsets.US_ASCII);

    private Chain() {
    }

    /**
     * SHA-256 over the record's canonical content, UTF-8: each field prefixed with its length in UTF-16
     * code units and a colon (so no two different records share one encoding), null written as -1.
     */
    static String contentDigest(String id, long recordedAtMillis, String principal, String reference,
            String rulesetVersion, String request, String diagnosis) {
        return contentDigest(id, recordedAtMillis, principal, reference, rulesetVersion, utf8(request), utf8(diagnosis));
    }

    /**
     * The same digest from the request and diagnosis as UTF-8 bytes, as they are serialised for the
     * store: no text of tens of kilobytes is built or encoded again just to be hashed.
     */
    static String contentDigest(String id, long recordedAtMillis, String principal, String reference,
            String rulesetVersion, byte[] request, byte[] diagnosis) {
        MessageDigest sha = sha256();
        for (String field : new String[] { id, Long.toString(recordedAtMillis), principal, reference, rulesetVersion }) {
            field(sha, utf8(field), field == null ? 0 : field.length());
        }
        field(sha, request, request == null ? 0 : utf16Length(request));
        field(sha, diagnosis, diagnosis == null ? 0 : utf16Length(diagnosis));
        return HexFormat.of().formatHex(sha.digest());
    }

    static String link(String previousHash, String contentDigest) {
        return sha256(previousHash + ":" + contentDigest);
    }

    static String sha256(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static void field(MessageDigest sha, byte[] utf8, int utf16Length) {
        if (utf8 == null) {
            sha.update(NULL_FIELD);
        } else {
            sha.update((utf16Length + ":").getBytes(StandardCharsets.US_ASCII));
            sha.update(utf8);
        }
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What {@code String.length()} is for the text these UTF-8 bytes encode: every byte but a continuation byte
     * ({@code 10xxxxxx}) starts a character, and a 4-byte sequence ({@code 11110xxx}) is two UTF-16 units. Eight
     * bytes at a time, a word without a byte over 0x7F skipped at once: byte by byte this loop over every ~55 KB
     * answer was 2.5% of the service's CPU under load (JFR).
     */
    static int utf16Length(byte[] utf8) {
        int n = utf8.length;
        long continuations = 0;
        long fourByteLeads = 0;
        int i = 0;
        for (; i + Long.BYTES <= n; i += Long.BYTES) {
            long x = (long) LONGS.get(utf8, i);
            if ((x & HIGH_BITS) == 0) {
                continue; // all ASCII
            }
            // in each byte, bit 7 set and bit 6 clear; each shift moves a byte's lower bit up to its bit 7
            continuations += Long.bitCount(x & ~(x << 1) & HIGH_BITS);
            fourByteLeads += Long.bitCount(x & (x << 1) & (x << 2) & (x << 3) & ~(x << 4) & HIGH_BITS);
        }
        for (; i < n; i++) {
            byte b = utf8[i];
            if ((b & 0xC0) == 0x80) {
                continuations++;
            } else if ((b & 0xF8) == 0xF0) {
                fourByteLeads++;
            }
        }
        return (int) (n - continuations + fourByteLeads);
    }

    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

package dev.transferadvisor.audit;

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
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
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

    /** What {@code String.length()} is for the text these UTF-8 bytes encode: a 4-byte sequence is two UTF-16 units. */
    static int utf16Length(byte[] utf8) {
        int units = 0;
        for (byte b : utf8) {
            if ((b & 0xC0) != 0x80) { // not a continuation byte: a character starts here
                units += (b & 0xF8) == 0xF0 ? 2 : 1;
            }
        }
        return units;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

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

    private Chain() {
    }

    /**
     * SHA-256 over the record's canonical content: each field length-prefixed (so no two different
     * records share one encoding), null written as -1.
     */
    static String contentDigest(String id, long recordedAtMillis, String principal, String reference,
            String rulesetVersion, String request, String diagnosis) {
        StringBuilder canonical = new StringBuilder(request.length() + diagnosis.length() + 256);
        for (String field : new String[] { id, Long.toString(recordedAtMillis), principal, reference, rulesetVersion,
                request, diagnosis }) {
            if (field == null) {
                canonical.append("-1:");
            } else {
                canonical.append(field.length()).append(':').append(field);
            }
        }
        return sha256(canonical.toString());
    }

    static String link(String previousHash, String contentDigest) {
        return sha256(previousHash + ":" + contentDigest);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

package dev.transferadvisor.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.transferadvisor.audit.AuditViews.ChainCheck;

/** Walks the hash chain of the trail, in order, and names the first record that does not hold. */
@ApplicationScoped
class ChainVerification {

    /** Records verified per query. */
    private static final int VERIFY_PAGE = 200;

    @Inject
    AuditStore store;

    /** Walks the whole chain in order and reports the first record that does not hold. */
    public ChainCheck verify() {
        return store.read(db -> {
            // page by position: an embedded H2 builds a whole result before the first row, and a trail of
            // thousands of records does not fit a small heap at once
            long count = 0;
            long expectedSeq = 1;
            String previous = Chain.GENESIS;
            String brokenId = null;
            String problem = null;
            long after = 0;
            try (PreparedStatement query = db.prepareStatement("SELECT seq, id, recorded_at, principal, client_ref,"
                    + " ruleset_version, request_body, request_body_deflated, diagnosis, diagnosis_deflated, previous_hash, record_hash"
                    + " FROM audit_record WHERE seq > ? ORDER BY seq FETCH FIRST " + VERIFY_PAGE + " ROWS ONLY")) {
                int rows;
                do {
                    query.setLong(1, after);
                    rows = 0;
                    try (ResultSet rs = query.executeQuery()) {
                        while (rs.next()) {
                            rows++;
                            count++;
                            long seq = rs.getLong("seq");
                            after = seq;
                            if (brokenId != null) {
                                continue; // keep counting
                            }
                            String id = rs.getString("id");
                            String digest;
                            try {
                                digest = Chain.contentDigest(id, rs.getLong("recorded_at"), rs.getString("principal"),
                                        rs.getString("client_ref"), rs.getString("ruleset_version"), StoredText.readBytes(rs, "request_body"),
                                        StoredText.readBytes(rs, "diagnosis"));
                            } catch (IllegalStateException unreadable) {
                                digest = null;
                            }
                            String storedPrevious = rs.getString("previous_hash");
                            String storedHash = rs.getString("record_hash");
                            if (seq != expectedSeq) {
                                brokenId = id;
                                problem = "record(s) missing before this one: position " + seq + ", expected " + expectedSeq;
                            } else if (!previous.equals(storedPrevious)) {
                                brokenId = id;
                                problem = "its previous hash does not match the record before it";
                            } else if (digest == null) {
                                brokenId = id;
                                problem = "its stored content cannot be decompressed";
                            } else if (!Chain.link(previous, digest).equals(storedHash)) {
                                brokenId = id;
                                problem = "its content does not match its hash";
                            }
                            previous = storedHash;
                            expectedSeq = seq + 1;
                        }
                    }
                } while (rows == VERIFY_PAGE);
            }
            return new ChainCheck(count, brokenId == null, brokenId, problem);
        });
    }
}

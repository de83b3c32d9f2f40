package dev.transferadvisor.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Anchor records, which tie the chains of many instances together. A chain alone proves that none of
 * its records was altered or removed in its middle, but not that its newest records are all there:
 * cutting a chain's tail leaves a shorter chain that still verifies. So every instance's writer
 * periodically appends an anchor naming the head (position and hash) of every chain written to since
 * the anchor before it; verification then requires each chain to reach, with the same hash, the
 * newest head any anchor names for it. Anchors form a chain of their own (positions without gaps, each
 * hash covering the one before), so removing or altering an anchor other than the newest is detected
 * too. Writers contend only for an anchor's position, every few seconds, never per record: the
 * instance that loses an anchor position tries again a moment later.
 */
final class Anchors {

    /**
     * The chains with records stored after a position, and with records stamped since a time: asked at
     * every anchor, so on H2 they must be answered from an index alone, never from the records' rows (db/vendor/h2 V8).
     */
    static final String CHAINS_WRITTEN_AFTER = "SELECT DISTINCT chain_id FROM audit_record WHERE seq > ?";
    static final String CHAINS_STAMPED_SINCE = "SELECT DISTINCT chain_id FROM audit_record WHERE recorded_at >= ?";
    /**
     * A chain's newest record. The order names chain_id as well, although the condition fixes it: H2 reads its
     * index (chain_id, chain_seq) in order, backwards here, only for an ORDER BY of the index's own leading
     * columns; by chain_seq alone it read and sorted every record of the chain, whole rows (0.5 s for a chain of
     * 20,000 records, growing with it), on the writer thread that diagnoses wait on.
     */
    static final String CHAIN_HEAD = "SELECT chain_seq, record_hash FROM audit_record WHERE chain_id = ?"
            + " ORDER BY chain_id DESC, chain_seq DESC FETCH FIRST 1 ROWS ONLY";

    /** One stored anchor. */
    record Anchor(long seq, long writtenAt, String writtenBy, long recordsTo, String heads, String previousHash,
            String hash) {

        List<Head> parsedHeads() {
            List<Head> parsed = new ArrayList<>();
            for (String line : heads.split("\n")) {
                String[] parts = line.split(" ");
                if (parts.length == 3) {
                    parsed.add(new Head(parts[0], Long.parseLong(parts[1]), parts[2]));
                }
            }
            return parsed;
        }
    }

    /** What an attempt to append an anchor came to. */
    enum Outcome { WRITTEN, NOTHING_NEW, TAKEN_BY_ANOTHER }

    /** A chain's newest record when an anchor was written. */
    record Head(String chain, long seq, String hash) {
    }

    static final String COLUMNS = "seq, written_at, written_by, records_to, heads, previous_hash, anchor_hash";

    private Anchors() {
    }

    /** The hash an anchor must carry: its content linked to the anchor before it. */
    static String hash(String previousHash, long seq, long writtenAt, String writtenBy, long recordsTo, String heads) {
        return Chain.link(previousHash, Chain.sha256(seq + ":" + writtenAt + ":" + writtenBy + ":" + recordsTo + ":" + heads));
    }

    static Anchor read(ResultSet rs) throws SQLException {
        return new Anchor(rs.getLong("seq"), rs.getLong("written_at"), rs.getString("written_by"), rs.getLong("records_to"),
                rs.getString("heads"), rs.getString("previous_hash"), rs.getString("anchor_hash"));
    }

    static Optional<Anchor> latest(Connection db) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT " + COLUMNS + " FROM audit_anchor ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY");
                ResultSet rs = query.executeQuery()) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    static Optional<Anchor> find(Connection db, long seq) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT " + COLUMNS + " FROM audit_anchor WHERE seq = ?")) {
            query.setLong(1, seq);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Appends an anchor if records were stored since the latest one, in its own transaction: committed
     * when written; rolled back when there was nothing new, or when another instance took the next
     * anchor position first (the caller tries again soon).
     *
     * @param inFlightMillis how long before the latest anchor a record may have been stamped and yet
     *        committed after it (a diagnosis waits at most the commit timeout for its record): chains
     *        with records stamped since then are named again, so none is missed
     */
    static Outcome appendIfDue(Connection db, String writtenBy, long now, long inFlightMillis) throws SQLException {
        Optional<Anchor> latest = latest(db);
        long newest = newestPosition(db);
        if (newest == 0 || latest.isPresent() && latest.get().recordsTo() >= newest) {
            db.rollback();
            return Outcome.NOTHING_NEW;
        }
        Set<String> chains = new TreeSet<>();
        if (latest.isEmpty()) {
            collect(db, "SELECT chain_id FROM audit_chain", null, chains);
        } else {
            collect(db, CHAINS_WRITTEN_AFTER, latest.get().recordsTo(), chains);
            collect(db, CHAINS_STAMPED_SINCE, latest.get().writtenAt() - inFlightMillis, chains);
        }
        StringBuilder heads = new StringBuilder();
        for (String chain : chains) {
            Optional<Head> head = head(db, chain);
            head.ifPresent(h -> heads.append(chain).append(' ').append(h.seq()).append(' ').append(h.hash()).append('\n'));
        }
        long seq = latest.map(anchor -> anchor.seq() + 1).orElse(1L);
        String previous = latest.map(Anchor::hash).orElse(Chain.GENESIS);
        String text = heads.toString();
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO audit_anchor (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, seq);
            insert.setLong(2, now);
            insert.setString(3, writtenBy);
            insert.setLong(4, newest);
            insert.setString(5, text);
            insert.setString(6, previous);
            insert.setString(7, hash(previous, seq, now, writtenBy, newest, text));
            insert.executeUpdate();
            db.commit();
            return Outcome.WRITTEN;
        } catch (SQLException e) {
            db.rollback();
            if (taken(db, seq)) {
                return Outcome.TAKEN_BY_ANOTHER;
            }
            throw e;
        }
    }

    private static boolean taken(Connection db, long seq) {
        try {
            boolean taken = find(db, seq).isPresent();
            db.rollback();
            return taken;
        } catch (SQLException e) {
            return false;
        }
    }

    /** A chain's newest record, its position and hash; empty if the chain has none. */
    static Optional<Head> head(Connection db, String chain) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(CHAIN_HEAD)) {
            query.setString(1, chain);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? Optional.of(new Head(chain, rs.getLong(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    private static long newestPosition(Connection db) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT MAX(seq) FROM audit_record"); ResultSet rs = query.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static void collect(Connection db, String sql, Long arg, Set<String> into) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            if (arg != null) {
                query.setLong(1, arg);
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    into.add(rs.getString(1));
                }
            }
        }
    }
}

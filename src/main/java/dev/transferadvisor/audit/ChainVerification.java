package dev.transferadvisor.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.transferadvisor.audit.Anchors.Anchor;
import dev.transferadvisor.audit.Anchors.Head;
import dev.transferadvisor.audit.AuditViews.AnchorCheck;
import dev.transferadvisor.audit.AuditViews.ChainCheck;
import dev.transferadvisor.audit.AuditViews.ChainState;
import dev.transferadvisor.system.ProblemException;

/**
 * Walks every chain of the trail in order and the chain of anchors, and names per chain the first
 * record that does not hold: altered content, a broken link, a gap, or a tail shorter than an anchor
 * says it was. From an anchor, records and anchors before it need not be present (archived).
 */
@ApplicationScoped
public class ChainVerification {

    /** Records or anchors read per query: an embedded H2 builds a whole result before the first row. */
    private static final int PAGE = 200;
    /**
     * A chain's records in order. chain_id is named although the condition fixes it: H2 reads its index
     * (chain_id, chain_seq) in order only for an ORDER BY of the index's leading columns; by chain_seq alone
     * each page read and sorted every record after it, whole rows, so verifying took time quadratic in a
     * chain's length (a page 0.7 s at 26,000 records; 32 ms this way).
     */
    static final String IN_CHAIN_ORDER = "ORDER BY chain_id, chain_seq";
    /** One page of a chain's records from a position on, read in its index's order (AnchorQueriesTest checks the plan). */
    static final String CHAIN_PAGE = " FROM audit_record WHERE chain_id = ? AND chain_seq >= ? " + IN_CHAIN_ORDER + " FETCH FIRST " + PAGE
            + " ROWS ONLY";

    @Inject
    AuditStore store;

    /**
     * The anchor a check starts from, as a client names it; null (from the beginning) when blank.
     *
     * @throws ProblemException 400 naming {@code fromAnchor} when it is not a whole number of 1 or more
     */
    public static Long fromAnchor(String fromAnchor) {
        if (fromAnchor == null || fromAnchor.isBlank()) {
            return null;
        }
        long from;
        try {
            from = Long.parseLong(fromAnchor.strip());
        } catch (NumberFormatException e) {
            from = 0L;
        }
        if (from < 1) {
            throw ProblemException.invalidQuery("fromAnchor", "must be an anchor number, 1 or more");
        }
        return from;
    }

    /**
     * Checks every chain and the anchors, from the beginning or from an anchor.
     *
     * @throws ProblemException 404 when {@code fromAnchor} names no stored anchor
     */
    public ChainCheck verify(Long fromAnchor) {
        return store.read(db -> {
            Optional<ChainCheck> check = verify(db, fromAnchor);
            return check.orElseThrow(() -> new ProblemException(404, "anchor-not-found", "No such anchor",
                    "There is no anchor " + fromAnchor + " to verify from; GET /api/audit/verify names the latest."));
        });
    }

    /** The check, or empty when {@code fromAnchor} names no stored anchor. */
    static Optional<ChainCheck> verify(Connection db, Long fromAnchor) throws SQLException {
        Anchor start = null;
        if (fromAnchor != null) {
            start = Anchors.find(db, fromAnchor).orElse(null);
            if (start == null) {
                return Optional.empty();
            }
        }
        Map<String, Anchored> anchored = new HashMap<>();
        AnchorCheck anchors = anchors(db, start, anchored);

        Map<String, String> registered = new LinkedHashMap<>();
        try (PreparedStatement query = db.prepareStatement("SELECT chain_id, instance FROM audit_chain ORDER BY started_at, chain_id");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                registered.put(rs.getString("chain_id"), rs.getString("instance"));
            }
        }
        List<String> chains = new ArrayList<>(registered.keySet());
        try (PreparedStatement query = db.prepareStatement("SELECT DISTINCT chain_id FROM audit_record ORDER BY chain_id");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                if (!chains.contains(rs.getString(1))) {
                    chains.add(rs.getString(1));
                }
            }
        }
        anchored.keySet().stream().sorted().filter(chain -> !chains.contains(chain)).forEach(chains::add);

        Map<String, Head> startHeads = new HashMap<>();
        if (start != null) {
            start.parsedHeads().forEach(head -> startHeads.put(head.chain(), head));
        }
        List<ChainState> states = new ArrayList<>();
        long records = 0;
        // each compression dictionary read as the store holds it now, not as this JVM remembers it
        Map<String, byte[]> dictionaries = new HashMap<>();
        for (String chain : chains) {
            ChainState state = chain(db, chain, registered.containsKey(chain), registered.get(chain), start,
                    startHeads.get(chain), anchored.get(chain), dictionaries);
            records += state.records();
            states.add(state);
        }
        ChainState broken = states.stream().filter(state -> !state.valid()).findFirst().orElse(null);
        String problem = broken != null ? "chain " + broken.chain() + ", position " + broken.firstBrokenPosition() + ": " + broken.problem()
                : anchors.valid() ? null : "anchor " + anchors.firstBroken() + ": " + anchors.problem();
        return Optional.of(new ChainCheck(records, problem == null, broken == null ? null : broken.firstBrokenId(), problem,
                fromAnchor, states, anchors));
    }

    /** The newest head any valid anchor names for a chain. */
    private record Anchored(long anchor, long seq, String hash) {
    }

    /** Walks the anchors in order; those that hold contribute the heads chains must reach. */
    private static AnchorCheck anchors(Connection db, Anchor start, Map<String, Anchored> anchored) throws SQLException {
        long count = 0;
        long expected = start == null ? 1 : start.seq();
        String previous = start == null ? Chain.GENESIS : start.previousHash(); // before the start anchor: archived
        Long broken = null;
        String problem = null;
        long latest = 0;
        try (PreparedStatement query = db.prepareStatement("SELECT " + Anchors.COLUMNS + " FROM audit_anchor WHERE seq >= ?"
                + " ORDER BY seq FETCH FIRST " + PAGE + " ROWS ONLY")) {
            long after = expected;
            int rows;
            do {
                query.setLong(1, after);
                rows = 0;
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        count++;
                        Anchor anchor = Anchors.read(rs);
                        after = anchor.seq() + 1;
                        latest = anchor.seq();
                        if (broken != null) {
                            continue;
                        }
                        if (anchor.seq() != expected) {
                            broken = expected;
                            problem = "missing: the next anchor stored is " + anchor.seq();
                        } else if (!previous.equals(anchor.previousHash())) {
                            broken = anchor.seq();
                            problem = "its previous hash does not match the anchor before it";
                        } else if (!Anchors.hash(previous, anchor.seq(), anchor.writtenAt(), anchor.writtenBy(), anchor.recordsTo(),
                                anchor.heads()).equals(anchor.hash())) {
                            broken = anchor.seq();
                            problem = "its content does not match its hash";
                        } else {
                            for (Head head : anchor.parsedHeads()) {
                                anchored.merge(head.chain(), new Anchored(anchor.seq(), head.seq(), head.hash()),
                                        (old, now) -> now.seq() >= old.seq() ? now : old);
                            }
                        }
                        previous = anchor.hash();
                        expected = anchor.seq() + 1;
                    }
                }
            } while (rows == PAGE);
        }
        return new AnchorCheck(count, broken == null, latest == 0 ? null : latest, broken, problem);
    }

    /** Walks one chain in order, from its start or from where the start anchor left it. */
    private static ChainState chain(Connection db, String chain, boolean isRegistered, String instance, Anchor start, Head startHead,
            Anchored anchoredHead, Map<String, byte[]> dictionaries) throws SQLException {
        long expected = startHead == null ? 1 : startHead.seq() + 1;
        String previous = startHead == null ? Chain.GENESIS : startHead.hash();
        long count = 0;
        long head = expected - 1;
        String brokenId = null;
        Long brokenAt = null;
        String problem = null;
        try (PreparedStatement query = db.prepareStatement("SELECT chain_seq, id, recorded_at, principal, client_ref, ruleset_version,"
                + " request_body, request_body_deflated, request_body_dictionary, diagnosis, diagnosis_deflated, diagnosis_dictionary,"
                + " previous_hash, record_hash"
                + CHAIN_PAGE)) {
            query.setString(1, chain);
            long after = expected;
            int rows;
            do {
                query.setLong(2, after);
                rows = 0;
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        count++;
                        long seq = rs.getLong("chain_seq");
                        after = seq + 1;
                        head = seq;
                        if (problem != null) {
                            continue; // keep counting
                        }
                        String id = rs.getString("id");
                        String storedPrevious = rs.getString("previous_hash");
                        String storedHash = rs.getString("record_hash");
                        if (count == 1 && seq != expected && start != null && startHead == null
                                && rs.getLong("recorded_at") < start.writtenAt()) {
                            // a chain the start anchor did not name, its older records archived with those before the anchor
                            expected = seq;
                            previous = storedPrevious;
                        }
                        String digest;
                        String unreadable = null;
                        try {
                            digest = Chain.contentDigest(id, rs.getLong("recorded_at"), rs.getString("principal"), rs.getString("client_ref"),
                                    rs.getString("ruleset_version"), StoredText.readBytes(rs, "request_body", dictionaries),
                                    StoredText.readBytes(rs, "diagnosis", dictionaries));
                        } catch (IllegalStateException e) {
                            digest = null;
                            unreadable = e.getMessage();
                        }
                        if (seq != expected) {
                            problem = "record(s) missing before this one: position " + seq + ", expected " + expected;
                        } else if (!previous.equals(storedPrevious)) {
                            problem = "its previous hash does not match the record before it";
                        } else if (digest == null) {
                            problem = "its stored content cannot be decompressed: " + unreadable;
                        } else if (!Chain.link(previous, digest).equals(storedHash)) {
                            problem = "its content does not match its hash";
                        } else if (anchoredHead != null && anchoredHead.seq() == seq && !anchoredHead.hash().equals(storedHash)) {
                            problem = "it is not the record anchor " + anchoredHead.anchor() + " names at this position";
                        }
                        if (problem != null) {
                            brokenId = id;
                            brokenAt = seq;
                        }
                        previous = storedHash;
                        expected = seq + 1;
                    }
                }
            } while (rows == PAGE);
        }
        if (problem == null && anchoredHead != null && anchoredHead.seq() > head) {
            brokenAt = head + 1;
            problem = (count == 0 ? "no records" : "the chain ends at position " + head) + ", but anchor " + anchoredHead.anchor()
                    + " names its record at position " + anchoredHead.seq() + ": records removed";
        }
        if (problem == null && !isRegistered) {
            brokenAt = expected;
            problem = "the chain is not registered (audit_chain has no row for it)";
        }
        if (problem == null && count == 0 && start == null) {
            brokenAt = 1L;
            problem = "all its records are missing";
        }
        return new ChainState(chain, instance, count, head, anchoredHead == null ? null : anchoredHead.seq(), problem == null,
                brokenId, problem == null ? null : brokenAt, problem);
    }
}

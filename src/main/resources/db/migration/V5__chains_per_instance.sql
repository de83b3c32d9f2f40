-- Many writers, one verifiable trail (issue 11). Each running instance appends to a chain of its own:
-- a chain id made at its start, its own positions 1, 2, 3, … (chain_seq) and its own previous hashes,
-- so instances never contend for one head. seq stays the record's position in the whole store, now
-- drawn from a sequence (audit_record_position) all instances share: it orders listing and export and
-- keys the rule and code tables. Anchors (audit_anchor) tie the chains together, see audit/Anchors.java.

-- Every chain ever started, registered in the transaction of its first records.
CREATE TABLE audit_chain (
    chain_id   VARCHAR(36)   NOT NULL PRIMARY KEY,
    started_at BIGINT        NOT NULL,
    instance   VARCHAR(1000)
);

-- Records written before V5 form one chain, whose positions were the store's positions.
ALTER TABLE audit_record ADD COLUMN chain_id VARCHAR(36);
ALTER TABLE audit_record ADD COLUMN chain_seq BIGINT;
UPDATE audit_record SET chain_id = '00000000-0000-0000-0000-000000000000', chain_seq = seq;
INSERT INTO audit_chain (chain_id, started_at, instance)
    SELECT '00000000-0000-0000-0000-000000000000', MIN(recorded_at), 'records written before chains per instance'
    FROM audit_record HAVING COUNT(*) > 0;
ALTER TABLE audit_record ALTER COLUMN chain_id SET NOT NULL;
ALTER TABLE audit_record ALTER COLUMN chain_seq SET NOT NULL;
ALTER TABLE audit_record ADD CONSTRAINT audit_record_chain_position UNIQUE (chain_id, chain_seq);

-- Positions in the store, shared by all writers; started past the records already there (V6, per database).
CREATE SEQUENCE audit_record_position;

-- Anchor records, one chain of their own (seq 1, 2, 3, … without gaps, each hash linked to the one
-- before): each names the head (position and hash) of every chain written to since the anchor before
-- it, so removing a chain's newest records, or all of them, is detected up to the latest anchor.
-- heads: one line per chain, "chain_id chain_seq record_hash", sorted by chain id.
-- records_to: the store position of the newest record when the anchor was written.
CREATE TABLE audit_anchor (
    seq           BIGINT       NOT NULL PRIMARY KEY,
    written_at    BIGINT       NOT NULL,
    written_by    VARCHAR(36)  NOT NULL,
    records_to    BIGINT       NOT NULL,
    heads         TEXT         NOT NULL,
    previous_hash VARCHAR(64)  NOT NULL,
    anchor_hash   VARCHAR(64)  NOT NULL
);

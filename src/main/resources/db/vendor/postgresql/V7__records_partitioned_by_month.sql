-- Growth (issue 11): on PostgreSQL the records table is partitioned by month of recorded_at, so that an
-- old month can be detached, archived and dropped whole (README, "Archiving a month"), and verification
-- then starts from an anchor written after it (GET /api/audit/verify?fromAnchor=).
--
-- The table so far becomes the partition of the months up to its newest record, kept as it is (no
-- copy); monthly partitions follow, made ahead of time by this migration up to next month and then by
-- the writers (audit/Partitions.java). A default partition catches a record of a month without one.
--
-- PostgreSQL requires every unique constraint of a partitioned table to include the partition key, so
-- the primary key, the id and the chain position are unique together with recorded_at. Ids are UUIDs
-- and each chain has one writer, so nothing changes in practice; a duplicated chain position would
-- still break its chain's verification.

ALTER TABLE audit_record RENAME TO audit_record_before_months;
-- a partition has the primary key of its table, which includes recorded_at
ALTER TABLE audit_record_before_months DROP CONSTRAINT audit_record_pkey;

CREATE TABLE audit_record (
    seq                   BIGINT        NOT NULL,
    id                    VARCHAR(36)   NOT NULL,
    recorded_at           BIGINT        NOT NULL,
    principal             VARCHAR(1000),
    client_ref            VARCHAR(100000),
    ruleset_version       VARCHAR(64)   NOT NULL,
    request_body          TEXT,
    diagnosis             TEXT,
    previous_hash         VARCHAR(64)   NOT NULL,
    record_hash           VARCHAR(64)   NOT NULL,
    request_body_deflated BYTEA,
    diagnosis_deflated    BYTEA,
    chain_id              VARCHAR(36)   NOT NULL,
    chain_seq             BIGINT        NOT NULL,
    CONSTRAINT audit_record_by_month_pk PRIMARY KEY (seq, recorded_at),
    CONSTRAINT audit_record_by_month_id UNIQUE (id, recorded_at),
    CONSTRAINT audit_record_by_month_chain_position UNIQUE (chain_id, chain_seq, recorded_at),
    CONSTRAINT audit_record_one_request CHECK ((request_body IS NULL) <> (request_body_deflated IS NULL)),
    CONSTRAINT audit_record_one_diagnosis CHECK ((diagnosis IS NULL) <> (diagnosis_deflated IS NULL))
) PARTITION BY RANGE (recorded_at);

CREATE INDEX audit_record_by_month_time ON audit_record (recorded_at);

DO $$
DECLARE
    this_month TIMESTAMPTZ := date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    newest     BIGINT;
    month      TIMESTAMPTZ;
BEGIN
    -- everything stored so far stays where it is, attached whole as the partition of the months before
    -- this one, or up to its newest record's (no copy: a large store migrates in moments); monthly
    -- partitions start after it
    SELECT MAX(recorded_at) INTO newest FROM audit_record_before_months;
    IF newest IS NULL THEN
        month := this_month;
    ELSE
        month := GREATEST(this_month,
                date_trunc('month', to_timestamp(newest / 1000.0) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + INTERVAL '1 month');
    END IF;
    EXECUTE format('ALTER TABLE audit_record ATTACH PARTITION audit_record_before_months FOR VALUES FROM (MINVALUE) TO (%s)',
            (extract(epoch FROM month) * 1000)::BIGINT);
    -- up to the month after next; later months come from the writers (audit/Partitions.java)
    WHILE month <= this_month + INTERVAL '1 month' LOOP
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF audit_record FOR VALUES FROM (%s) TO (%s)',
                'audit_record_' || to_char(month AT TIME ZONE 'UTC', 'YYYY_MM'),
                (extract(epoch FROM month) * 1000)::BIGINT,
                (extract(epoch FROM month + INTERVAL '1 month') * 1000)::BIGINT);
        month := month + INTERVAL '1 month';
    END LOOP;
END
$$;

CREATE TABLE audit_record_default PARTITION OF audit_record DEFAULT;

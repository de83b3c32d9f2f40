-- The audit trail. Portable SQL: the same migrations run on H2 and PostgreSQL.
-- Times are epoch milliseconds (UTC), so that both databases compare and index them alike.

-- One row per diagnosis answered, append-only. seq orders the hash chain (1, 2, 3, … without gaps):
-- record_hash = sha256(previous_hash ":" sha256(canonical content)), see audit/Chain.java.
CREATE TABLE audit_record (
    seq             BIGINT       NOT NULL PRIMARY KEY,
    id              VARCHAR(36)  NOT NULL UNIQUE,
    recorded_at     BIGINT       NOT NULL,
    principal       VARCHAR(1000),
    client_ref      VARCHAR(100000),
    ruleset_version VARCHAR(64)  NOT NULL,
    request_body    TEXT         NOT NULL,
    diagnosis       TEXT         NOT NULL,
    previous_hash   VARCHAR(64)  NOT NULL,
    record_hash     VARCHAR(64)  NOT NULL
);
CREATE INDEX audit_record_by_time ON audit_record (recorded_at);

-- Derived from the diagnosis column, for the rule and code filters of GET /api/audit.
CREATE TABLE audit_fired_rule (
    record_seq BIGINT        NOT NULL,
    rule_id    VARCHAR(1000) NOT NULL,
    PRIMARY KEY (record_seq, rule_id)
);
CREATE INDEX audit_fired_rule_by_rule ON audit_fired_rule (rule_id, record_seq);

CREATE TABLE audit_finding_code (
    record_seq BIGINT        NOT NULL,
    code       VARCHAR(1000) NOT NULL,
    PRIMARY KEY (record_seq, code)
);
CREATE INDEX audit_finding_code_by_code ON audit_finding_code (code, record_seq);

-- Every ruleset version ever applied, stored once, with the text of each file and each rule.
CREATE TABLE ruleset_version (
    version          VARCHAR(64)   NOT NULL PRIMARY KEY,
    first_applied_at BIGINT        NOT NULL,
    directory        VARCHAR(4000)
);

CREATE TABLE ruleset_file (
    version VARCHAR(64)   NOT NULL,
    path    VARCHAR(1000) NOT NULL,
    sha256  VARCHAR(64)   NOT NULL,
    content TEXT          NOT NULL,
    PRIMARY KEY (version, path)
);

CREATE TABLE ruleset_rule (
    version VARCHAR(64)   NOT NULL,
    rule_id VARCHAR(1000) NOT NULL,
    file    VARCHAR(1000) NOT NULL,
    line    INTEGER       NOT NULL,
    source  TEXT          NOT NULL,
    PRIMARY KEY (version, rule_id)
);

-- Every reload attempt and its outcome: APPLIED, REJECTED (errors as JSON) or UNCHANGED.
CREATE TABLE ruleset_reload (
    id               VARCHAR(36)  NOT NULL PRIMARY KEY,
    happened_at      BIGINT       NOT NULL,
    outcome          VARCHAR(16)  NOT NULL,
    triggered_by     VARCHAR(1000) NOT NULL,
    version          VARCHAR(64),
    previous_version VARCHAR(64),
    errors           TEXT         NOT NULL
);
CREATE INDEX ruleset_reload_by_time ON ruleset_reload (happened_at);

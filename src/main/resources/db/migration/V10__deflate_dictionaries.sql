-- From V10 on, a record's request and diagnosis may be deflated with a preset dictionary (zlib FDICT): text the
-- records of one ruleset version share, trained by the writing instance from that version's first records
-- (audit/DeflateDictionary.java, audit/DictionaryTraining.java). Each dictionary is stored once, under the SHA-256
-- of its content, and never changed; a record names the one each text was deflated with, or none (null). The
-- hash chain covers the inflated text as before, so a dictionary altered after the fact shows as records whose
-- content no longer matches their hash, and readers refuse a dictionary whose content does not match its id.
CREATE TABLE audit_dictionary (
    id VARCHAR(64) PRIMARY KEY,
    content BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);
ALTER TABLE audit_record ADD COLUMN request_body_dictionary VARCHAR(64);
ALTER TABLE audit_record ADD COLUMN diagnosis_dictionary VARCHAR(64);

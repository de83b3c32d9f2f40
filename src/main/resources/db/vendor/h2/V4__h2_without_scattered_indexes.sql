-- H2 only (db/vendor/{vendor}, next to the common db/migration): the by-rule and by-code indexes go.
-- H2's planner answers GET /api/audit?rule= and ?code= from the records, newest first, probing each
-- record's fired rules and codes by their primary keys (record_seq, ...): EXPLAIN shows neither index
-- used. Yet every commit rewrote, copy-on-write, one leaf page of the by-rule index per fired rule id
-- (about fifty a diagnosis): without them the service answered 370 diagnoses/s instead of 280 and the
-- file grew 25.5 KB a diagnosis instead of 35 (wrk, 16 connections, the same jar, README
-- "Performance"). PostgreSQL keeps them: there a rare rule is found through its index, and a B-tree
-- insert costs no page rewrite.
DROP INDEX IF EXISTS audit_fired_rule_by_rule;
DROP INDEX IF EXISTS audit_finding_code_by_code;

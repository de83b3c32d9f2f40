-- H2 only. A record's fired rule ids and finding codes move from the side tables audit_fired_rule and
-- audit_finding_code (one row each, ~55 a diagnosis, each stored twice: as the table's row and in its
-- primary key) into two columns of the record itself. Measured on 2026-11-29 (README "Performance"),
-- those rows cost more to write than the record: without them 580 against 507-528 diagnoses/s at 16
-- connections, and 23 against 27 KB of file a diagnosis. H2 answers GET /api/audit?rule= and ?code= by
-- reading records newest first either way (V4); it now tests a column of the row it reads anyway.
-- Format (audit/RecordLabels.java): each value on a line of its own between newlines, a backslash in a
-- value written as two and a newline as backslash-n; null when there are none.
-- PostgreSQL keeps its tables: its planner finds a rare rule through their indexes.
ALTER TABLE audit_record ADD COLUMN fired_rules VARCHAR(1000000);
ALTER TABLE audit_record ADD COLUMN finding_codes VARCHAR(1000000);
UPDATE audit_record r SET
    fired_rules = (SELECT CHAR(10) || LISTAGG(REPLACE(REPLACE(f.rule_id, '\', '\\'), CHAR(10), '\n'), CHAR(10))
                   WITHIN GROUP (ORDER BY f.rule_id) || CHAR(10) FROM audit_fired_rule f WHERE f.record_seq = r.seq),
    finding_codes = (SELECT CHAR(10) || LISTAGG(REPLACE(REPLACE(c.code, '\', '\\'), CHAR(10), '\n'), CHAR(10))
                     WITHIN GROUP (ORDER BY c.code) || CHAR(10) FROM audit_finding_code c WHERE c.record_seq = r.seq);
DROP TABLE audit_fired_rule;
DROP TABLE audit_finding_code;

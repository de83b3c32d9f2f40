-- H2 only. Every anchor (advisor.audit.anchor-interval, 10 s) asks which chains have records since the
-- latest anchor (seq > ?) and which have records stamped within the in-flight window (recorded_at >= ?:
-- the commit timeout and a minute, 70 s by default). H2 answered both by reading every such record's
-- whole row, diagnosis and request included (a record is ~12 KB, inline): at 350 diagnoses/s about
-- 24,000 rows, some 300 MB through H2's page cache, every 10 s, on the writer thread that every
-- diagnosis waits on. Measured on 2026-11-29: every 10 s all 16 connections of a load run stalled for
-- 0.6-1.5 s, and the pages read were the garbage behind most full GCs. With an index holding chain_id
-- beside the column searched, H2 answers both from the index alone (EXPLAIN names these indexes;
-- AnchorQueriesTest): on 21,500 records the two queries took 296 and 715 ms before, 55 and 43 ms after.
-- (recorded_at, chain_id) serves every query the index on recorded_at alone served, which goes.
-- PostgreSQL keeps its indexes: it stores the large columns out of line, so its rows are small.
CREATE INDEX audit_record_by_time_chain ON audit_record (recorded_at, chain_id);
CREATE INDEX audit_record_by_position_chain ON audit_record (seq, chain_id);
DROP INDEX IF EXISTS audit_record_by_time;

-- The firings on reference data alone (config/ and what derives from it), made once per ruleset version
-- and resident in every session of it: kept with the version instead of in every record's trace.
-- JSON, the same shape as a record's trace; null for versions stored before it was kept.
ALTER TABLE ruleset_version ADD COLUMN resident_trace TEXT;

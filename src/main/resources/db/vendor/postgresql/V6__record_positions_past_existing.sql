-- The shared position sequence (V5) starts past the records already stored.
SELECT setval('audit_record_position', COALESCE(MAX(seq), 0) + 1, false) FROM audit_record;

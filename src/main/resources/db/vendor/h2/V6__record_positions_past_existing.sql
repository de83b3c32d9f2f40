-- The shared position sequence (V5) starts past the records already stored.
ALTER SEQUENCE audit_record_position RESTART WITH (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_record);

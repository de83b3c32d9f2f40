-- From V3 on, a record keeps its request and its diagnosis deflated (zlib format over UTF-8, see
-- audit/StoredText.java): the diagnosis JSON is mostly its trace, repetitive text that deflates to
-- about a fifth. The hash chain still covers the text, so records written before and after verify
-- alike; each record holds each text in exactly one of the two forms.
ALTER TABLE audit_record ADD COLUMN request_body_deflated BYTEA;
ALTER TABLE audit_record ADD COLUMN diagnosis_deflated BYTEA;
ALTER TABLE audit_record ALTER COLUMN request_body DROP NOT NULL;
ALTER TABLE audit_record ALTER COLUMN diagnosis DROP NOT NULL;
ALTER TABLE audit_record ADD CONSTRAINT audit_record_one_request CHECK ((request_body IS NULL) <> (request_body_deflated IS NULL));
ALTER TABLE audit_record ADD CONSTRAINT audit_record_one_diagnosis CHECK ((diagnosis IS NULL) <> (diagnosis_deflated IS NULL));

package dev.transferadvisor.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.transferadvisor.advice.Diagnosis;
import dev.transferadvisor.advice.DiagnosisLog;
import dev.transferadvisor.audit.AuditWriter.RecordWork;

/**
 * The durable {@link DiagnosisLog}: each diagnosis committed, in a hash chain, before its answer leaves,
 * and read back as it was answered. The auditors' views of the trail are {@link AuditQueries},
 * {@link ChainVerification} and {@link RulesetHistory}.
 */
@ApplicationScoped
public class AuditTrail implements DiagnosisLog {

    @Inject
    AuditStore store;

    /** Tells the writer a record is coming, so a commit under way may wait for it (group commit, {@link AuditWriter}). */
    @Override
    public Pending begin() {
        try {
            store.making();
        } catch (RuntimeException e) {
            // the store cannot open: recording will say so, after the case was checked and evaluated as ever
            return NOTHING_PENDING;
        }
        return store::made;
    }

    /**
     * Hands the record to the writer, then says the diagnosis is made ({@code pending}), then waits for the commit:
     * in that order a commit held for this diagnosis finds its record queued when it stops waiting.
     */
    @Override
    public void record(Entry entry, Pending pending) {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        try {
            submit(entry, committed);
        } finally {
            pending.close();
        }
        try {
            committed.get(store.commitTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw AuditStore.unavailable(e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AuditStore.unavailable(e);
        }
    }

    private void submit(Entry entry, CompletableFuture<Void> committed) {
        Diagnosis diagnosis = entry.diagnosis();
        // the UTF-8 bytes the client receives: hashed and compressed as they are, never a String of them
        byte[] json = entry.answer();
        byte[] request = entry.request();
        long recordedAt = Instant.now().toEpochMilli();
        String digest = Chain.contentDigest(diagnosis.id(), recordedAt, entry.principal(), diagnosis.reference(),
                diagnosis.rulesetVersion(), request, json);
        Set<String> rules = new LinkedHashSet<>();
        diagnosis.trace().forEach(step -> rules.add(step.rule()));
        Set<String> codes = new LinkedHashSet<>();
        diagnosis.findings().forEach(finding -> codes.add(finding.code()));
        CompressionDictionary requestDictionary = store.dictionary("request_body", diagnosis.rulesetVersion(), request);
        CompressionDictionary diagnosisDictionary = store.dictionary("diagnosis", diagnosis.rulesetVersion(), json);
        store.submit(new RecordWork(diagnosis.id(), recordedAt, entry.principal(), diagnosis.reference(),
                diagnosis.rulesetVersion(), StoredText.compress(request, requestDictionary), requestDictionary,
                StoredText.compress(json, diagnosisDictionary), diagnosisDictionary, digest, rules, codes, committed));
    }

    @Override
    public Optional<Diagnosis> find(String id) {
        return store.read(db -> {
            try (PreparedStatement query = db.prepareStatement("SELECT diagnosis, diagnosis_deflated, diagnosis_dictionary FROM audit_record WHERE id = ?")) {
                query.setString(1, id);
                try (ResultSet rs = query.executeQuery()) {
                    return rs.next() ? Optional.of(store.parse(StoredText.readBytes(rs, "diagnosis"), Diagnosis.class)) : Optional.<Diagnosis>empty();
                }
            }
        });
    }

    @Override
    public Optional<byte[]> request(String id) {
        return store.read(db -> {
            try (PreparedStatement query = db.prepareStatement(
                    "SELECT request_body, request_body_deflated, request_body_dictionary FROM audit_record WHERE id = ?")) {
                query.setString(1, id);
                try (ResultSet rs = query.executeQuery()) {
                    return rs.next() ? Optional.of(StoredText.readBytes(rs, "request_body"))
                            : Optional.<byte[]>empty();
                }
            }
        });
    }
}

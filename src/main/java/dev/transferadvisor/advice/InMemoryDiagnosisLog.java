package dev.transferadvisor.advice;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;

/** Keeps the latest diagnoses in memory when no durable log is configured (tests, tools). */
@DefaultBean
@ApplicationScoped
class InMemoryDiagnosisLog implements DiagnosisLog {

    private static final int CAPACITY = 10_000;

    private final Map<String, Entry> diagnoses = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > CAPACITY;
        }
    };

    @Override
    public synchronized void record(Entry entry, Pending pending) {
        pending.close(); // nothing is grouped here
        diagnoses.put(entry.diagnosis().id(), entry);
    }

    @Override
    public synchronized Optional<Diagnosis> find(String id) {
        return Optional.ofNullable(diagnoses.get(id)).map(Entry::diagnosis);
    }

    @Override
    public synchronized Optional<byte[]> request(String id) {
        return Optional.ofNullable(diagnoses.get(id)).map(Entry::request);
    }
}

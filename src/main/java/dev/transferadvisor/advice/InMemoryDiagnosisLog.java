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

    private final Map<String, Diagnosis> diagnoses = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Diagnosis> eldest) {
            return size() > CAPACITY;
        }
    };

    @Override
    public synchronized void record(Entry entry) {
        diagnoses.put(entry.diagnosis().id(), entry.diagnosis());
    }

    @Override
    public synchronized Optional<Diagnosis> find(String id) {
        return Optional.ofNullable(diagnoses.get(id));
    }
}

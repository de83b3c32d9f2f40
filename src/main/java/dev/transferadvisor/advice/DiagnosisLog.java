package dev.transferadvisor.advice;

import java.util.Optional;

/**
 * Where diagnoses are kept so they can be read back. {@link #record} returns only once the record is
 * durable; it throws when it cannot be, and then no answer may leave.
 */
public interface DiagnosisLog {

    /** What one diagnosis leaves behind: the answer, the body as received, and who asked. */
    record Entry(Diagnosis diagnosis, String request, String principal) {
    }

    void record(Entry entry);

    Optional<Diagnosis> find(String id);
}

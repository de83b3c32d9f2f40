package dev.transferadvisor.advice;

import java.util.Optional;

/**
 * Where diagnoses are kept so they can be read back. {@link #record} returns only once the record is
 * durable; it throws when it cannot be, and then no answer may leave.
 */
public interface DiagnosisLog {

    /**
     * What one diagnosis leaves behind: the answer, the answer as the client receives it (UTF-8 JSON,
     * serialised once for both), the body as received, and who asked.
     */
    record Entry(Diagnosis diagnosis, byte[] answer, byte[] request, String principal) {
    }

    void record(Entry entry);

    Optional<Diagnosis> find(String id);

    /** The request body of a recorded diagnosis, as received. */
    Optional<byte[]> request(String id);
}

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

    /** A diagnosis being made, from {@link #begin()}: closed once it is ready to {@link #record} or has failed. */
    interface Pending extends AutoCloseable {
        @Override
        void close();
    }

    Pending NOTHING_PENDING = () -> {
    };

    /**
     * Says a diagnosis is being made and will be recorded shortly, unless it fails: a log that commits in groups
     * may hold a commit for it. The caller closes it before {@link #record} (or on failure).
     */
    default Pending begin() {
        return NOTHING_PENDING;
    }

    void record(Entry entry);

    Optional<Diagnosis> find(String id);

    /** The request body of a recorded diagnosis, as received. */
    Optional<byte[]> request(String id);
}

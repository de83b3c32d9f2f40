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

    /**
     * A diagnosis being made, from {@link #begin()}: closed once its record has been handed to the log
     * ({@link #record(Entry, Pending)} does that) or once it has failed.
     */
    interface Pending extends AutoCloseable {
        @Override
        void close();
    }

    Pending NOTHING_PENDING = () -> {
    };

    /**
     * Says a diagnosis is being made and will be recorded shortly, unless it fails: a log that commits in groups
     * may hold a commit for it. The caller passes it to {@link #record(Entry, Pending)}, or closes it on failure.
     */
    default Pending begin() {
        return NOTHING_PENDING;
    }

    /**
     * Records the diagnosis {@code pending} announced, and closes {@code pending} as soon as the record is handed
     * over, before waiting for it to be durable: a commit held for this diagnosis then takes its record along,
     * rather than going just before the record arrives.
     */
    void record(Entry entry, Pending pending);

    Optional<Diagnosis> find(String id);

    /** The request body of a recorded diagnosis, as received. */
    Optional<byte[]> request(String id);
}

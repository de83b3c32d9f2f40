package dev.transferadvisor.audit;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where and how the audit trail is stored (API.md §6). */
@ConfigMapping(prefix = "advisor.audit")
public interface AuditConfig {

    /**
     * The audit database, chosen at run time by its URL: {@code jdbc:h2:…} embedded H2,
     * {@code jdbc:postgresql://…} PostgreSQL. Env {@code ADVISOR_AUDIT_JDBC_URL}.
     */
    @WithDefault(AuditDataSources.DEFAULT_URL)
    String jdbcUrl();

    /** Database user (env {@code ADVISOR_AUDIT_USERNAME}); none by default. */
    Optional<String> username();

    /** Database password (env {@code ADVISOR_AUDIT_PASSWORD}); none by default. */
    Optional<String> password();

    /** Most diagnoses committed in one shared transaction (group commit). */
    @WithDefault("256")
    int maxBatch();

    /**
     * How long a commit may wait for diagnoses still being made to join it, when any are (group commit): under
     * load, fewer and larger commits make the H2 file grow a fifth less a diagnosis (README "Notes on H2"); with no
     * other diagnosis under way a commit never waits. {@code PT0S}: commit at once.
     */
    @WithDefault("PT0.010S")
    Duration commitLinger();

    /** A commit that waits ({@link #commitLinger()}) goes ahead once it holds this many diagnoses. */
    @WithDefault("16")
    int commitLingerBatch();

    /**
     * How many records of a ruleset version this instance deflates as they are before it trains a preset dictionary
     * from them (one for requests, one for diagnoses), with which it deflates the version's later records: a
     * diagnosis is then a third to three fifths smaller in the store (README "Notes on H2"). {@code 0}: none.
     */
    @WithDefault("16")
    int dictionarySamples();

    /** How long a diagnosis waits for its record to commit before the client is answered 503. */
    @WithDefault("PT10S")
    Duration commitTimeout();

    /**
     * How often each instance, while it writes records, appends an anchor naming the heads of the chains
     * written to: the newest records of a chain are protected against silent removal from the next anchor on.
     */
    @WithDefault("PT10S")
    Duration anchorInterval();
}

package dev.transferadvisor.console;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is signed in and which parts of the console they may open: the navigation shows each person only what
 * their role may use (the same roles as the API, API.md §5).
 */
public record Nav(String user, boolean diagnose, boolean author, boolean auditor) {

    public static Nav of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return new Nav(null, false, false, false);
        }
        return new Nav(identity.getPrincipal().getName(), identity.hasRole("diagnose"), identity.hasRole("author"),
                identity.hasRole("auditor"));
    }

    /** Rule sources and the diagnoses in which a rule fired are for the people who write or audit the rules. */
    public boolean readsRules() {
        return author || auditor;
    }
}

package dev.transferadvisor.ruleset;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jboss.logmanager.LogContext;

/**
 * The rule engine's log levels for programs that run without Quarkus' logging configuration (the
 * workbench), so that which loggers are the engine's, and why they must be quiet, is known in
 * {@code ruleset/} alone.
 */
public final class EngineLogging {

    private static final List<String> ENGINE = List.of("org.drools", "org.kie");

    // both log managers hold loggers weakly: keep the ones whose level was set, or the setting may vanish with them
    private static final List<Logger> QUIETED = new CopyOnWriteArrayList<>();

    private EngineLogging() {
    }

    /**
     * Lets only the engine's warnings and errors through. Drools logs through SLF4J to the JBoss log
     * manager, which is java.util.logging only when the JVM was told so (the packaged jar is; exec:java
     * is not), so both are set. Unconfigured, the JBoss log manager lets TRACE through, and Drools 10.2's
     * trace statements are both slow and broken (a ClassCastException in RuleNameExtractor). Call it
     * before the first rules are compiled.
     */
    public static void quiet() {
        for (String name : ENGINE) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.WARNING);
            QUIETED.add(logger);
            org.jboss.logmanager.Logger jboss = LogContext.getLogContext().getLogger(name);
            jboss.setLevel(Level.WARNING);
            QUIETED.add(jboss);
        }
    }

    /**
     * The same, for code that may also run inside the service (the compiler): only where nobody set a
     * level and TRACE would get through, which is the case outside the service (workbench, benchmarks,
     * plain tests). Drools decides once, when its classes load, whether to take its trace-only paths;
     * an explicit level, such as the service's configuration sets, is left alone.
     */
    public static void quietIfUnconfigured() {
        for (String name : ENGINE) {
            org.jboss.logmanager.Logger jboss = LogContext.getLogContext().getLogger(name);
            if (jboss.getLevel() == null && jboss.isLoggable(Level.FINER)) {
                jboss.setLevel(Level.WARNING);
                QUIETED.add(jboss);
            }
        }
    }
}

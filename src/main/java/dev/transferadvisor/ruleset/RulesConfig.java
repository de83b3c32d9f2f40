package dev.transferadvisor.ruleset;

import java.nio.file.Path;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the rules live and how they are watched and evaluated. */
@ConfigMapping(prefix = "advisor.rules")
public interface RulesConfig {

    /**
     * The firing limit when {@code advisor.rules.max-firings} is not set: the one place that holds it,
     * for the service's default and for everything that evaluates without the service (workbench, tests,
     * benchmarks).
     */
    int DEFAULT_MAX_FIRINGS = 10_000;

    /** The rules directory (env {@code ADVISOR_RULES_DIR}); every {@code .drl} below it, recursively, is compiled. */
    @WithDefault("rules")
    Path dir();

    /** Whether changes in the rules directory reload the rules by themselves. */
    @WithDefault("true")
    boolean watch();

    /** Quiet time after the last change before a reload, so a save of several files is one reload. */
    @WithDefault("PT0.1S")
    Duration watchDebounce();

    /**
     * Whether compiled rules are kept on disk, so a restart on unchanged rules (same files, same application
     * build, same engine and JVM) skips compiling them. The price: the first reload after such a start
     * compiles in a cold JVM (seconds, not the warm fraction of a second).
     */
    @WithDefault("true")
    boolean cache();

    /**
     * Whether a reload rebuilds only the files an edit changed, where Drools rebuilds them exactly as a full
     * compile would (the same files, none of the changed ones declaring a type): ~0.15 s instead of 0.4–1 s. The
     * module of the last full compile is kept for it. {@code false}: every reload compiles every file.
     */
    @WithDefault("true")
    boolean incremental();

    /** Where compiled rules are kept (see {@link #cache()}); safe to delete at any time. */
    @WithDefault("data/rules-cache")
    Path cacheDir();

    /** Most rule firings one evaluation may take; past it the evaluation fails naming the looping rule. */
    @WithDefault("" + DEFAULT_MAX_FIRINGS)
    int maxFirings();

    /**
     * Most evaluations running at once; more requests wait their turn (first come, first served). An
     * evaluation only computes, never waits on I/O, so running more of them than there are cores only makes
     * each one slower: the sessions evict each other's memory from the CPU's caches. {@code 0}: one per
     * available processor.
     */
    @WithDefault("0")
    int concurrentEvaluations();

    /**
     * Warm sessions kept idle per ruleset version, each with the reference data resident. More are
     * warmed when requests need them at once, and disposed as they come back beyond this number.
     */
    @WithDefault("8")
    int idleSessions();

    /**
     * How long the first ruleset version evaluates the warm-up cases before it serves (at least one round
     * of them), holding readiness back until the engine has compiled the version's constraints. Warm-up
     * evaluations are not counted as firings. {@code PT0S} for one round only. One second held the first 10 s
     * of load after readiness at a 230 rather than 400 ms slowest answer, and readiness 0.7 s later (README).
     */
    @WithDefault("PT0.2S")
    Duration warmUp();

    /**
     * The same for each version a reload applies while requests come (one within the last second): the engine
     * is compiled by then, only the version's own consequences and constraints are new. On an idle service a
     * reload serves at once and warms up one round right after, as an author would otherwise wait for it.
     */
    @WithDefault("PT0.2S")
    Duration reloadWarmUp();
}

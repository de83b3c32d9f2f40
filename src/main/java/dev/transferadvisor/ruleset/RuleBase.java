package dev.transferadvisor.ruleset;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import dev.transferadvisor.ruleset.ReloadReport.Outcome;
import dev.transferadvisor.ruleset.RulesetCompiler.Compilation;
import dev.transferadvisor.system.ProblemException;
import dev.transferadvisor.system.ThreadCpu;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * The seam between the service and the rule engine: holds the ruleset that serves, swaps in a new one
 * atomically when a reload compiles, and keeps the old one serving when it does not.
 */
@ApplicationScoped
public class RuleBase {

    private final AtomicReference<Ruleset> current = new AtomicReference<>();
    private final Map<String, LongAdder> firedCounts = new ConcurrentHashMap<>();
    // CPU time spent evaluating, its turn taken: advisor_rules_evaluation_cpu_seconds_total (RuleMetrics)
    private final LongAdder evaluationCpu = new LongAdder();
    private volatile ReloadReport lastReload;
    private volatile Semaphore evaluations;

    /** Requests this recent mean a reload's new version is warmed up for its full time before it serves. */
    static final Duration TRAFFIC_WINDOW = Duration.ofSeconds(1);

    // when a request's evaluation last began (System.nanoTime); at first, as if a window ago
    private volatile long lastEvaluationAt = System.nanoTime() - TRAFFIC_WINDOW.toNanos();

    // true until the rule compiler has compiled in this JVM: a start that took its rules compiled (from the cache, or
    // shipped with the package) leaves it cold, and the first edit would compile cold (warmCompilerWhenIdle)
    private volatile boolean compilerCold = true;

    // the KIE module of the last full compile, which the next edit rebuilds incrementally where it can (RuleModule);
    // used and replaced on the compile thread alone. None at startup: keeping one costs a compile an extra knowledge
    // base (RulesetCompiler#buildingOn), which a start should not wait for; it is made once the service is idle
    private volatile RuleModule module;

    // a compile begun before the reload that takes it (prepare): the watcher starts one once a change has been quiet
    // briefly, and the reload its debounce then triggers takes it if the files are still what it compiled
    private CompileJob prepared; // guarded by this
    private volatile ScheduledExecutorService timer; // the wait for an idle moment to prepare for edits, while it lasts
    private volatile boolean closed; // the application stopped: nothing more is prepared for edits
    private int compilesBegun; // guarded by this

    /**
     * Why-not probes kept, the most recently asked of the serving version (see {@link #whyNot}): each is a version of
     * its own, ~8 MB of metaspace and more of heap, within a budget of 512 MB resident that a serving service nears.
     */
    static final int WHY_NOT_KEPT = 1;
    /** Why-not compiles that may be queued or under way at once (see {@link #whyNot}). */
    static final int WHY_NOT_COMPILING = 4;
    /** When a question refused as busy may be asked again ({@code Retry-After}): about what the queued compiles take, warm. */
    static final Duration WHY_NOT_RETRY_AFTER = Duration.ofSeconds(5);

    // why-not probes compiled, or being compiled, by version and rule ids, in access order
    private final Map<String, Future<WhyNot.Probes>> whyNotProbes = new LinkedHashMap<>(8, 0.75f, true);
    private int whyNotCompiling; // guarded by whyNotProbes
    final AtomicInteger whyNotCompiles = new AtomicInteger(); // begun since start; tests read it

    // what collects a replaced version on an idle service (collectReplacedVersionWhenIdle); tests count its calls
    Runnable collector = System::gc;

    @Inject
    RulesConfig config;

    @Inject
    Event<ReloadReport> reloads;

    @Inject
    Instance<WarmUpCases> warmUpCases;

    /** Refuses to start on rules that do not compile: an advisor without its rules must not look healthy. */
    void onStart(@Observes StartupEvent event) {
        evaluations = new Semaphore(permits(), true);
        ReloadReport report = reload("startup");
        if (report.outcome() == Outcome.REJECTED) {
            throw new IllegalStateException("The rules in " + directory() + " do not compile (" + report.errors().size()
                    + " error(s), listed above); fix them and start again");
        }
        if (preparesForEdits()) {
            warmCompilerWhenIdle();
        }
    }

    /**
     * Whether the service has yet to prepare for an author's first edit: the compiler is cold (the rules were taken
     * compiled), or there is no module to rebuild an edit on (see {@link #warmCompilerIfIdle()}).
     */
    private boolean preparesForEdits() {
        return compilerCold || (config.incremental() && module == null);
    }

    /**
     * After a start that took its rules compiled, the first edit would run the compiler cold: 14–19 s against 4–5 s
     * after a start that compiled (README, "In the afternoon"); and after any start, it would compile every file, as
     * there is no module yet to rebuild it on. So once the service is idle — no evaluation within
     * {@link #TRAFFIC_WINDOW}; checked every second from 5 s after the rules loaded, when the rest of the start is
     * done, never while requests come — the serving rules are compiled once more on the compile thread, the ruleset
     * dropped and the module kept; then, while the service stays idle, edits are practised on it ({@link
     * #PRACTICE_EDITS}), resumed at the next idle moment if requests came in between. Nothing is done once a reload
     * has made a module, and no more is practised once an author's edit came.
     */
    private void warmCompilerWhenIdle() {
        ScheduledExecutorService waiting = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "rules-compiler-warm-up");
            thread.setDaemon(true);
            return thread;
        });
        timer = waiting;
        int[] practised = {0};
        waiting.scheduleWithFixedDelay(() -> {
            try {
                if (preparesForEdits() && !warmCompilerIfIdle()) {
                    return; // not idle yet
                }
                // an author's edit since the start warms the compiler up as practice would, and must not wait behind it
                boolean edited = compilesBegun() > 1;
                if (!edited && practised[0] < PRACTICE_EDITS && idle()) {
                    int done = practiseEdits(PRACTICE_EDITS - practised[0]);
                    // none done on an idle service: nothing to practise on (no module, incremental builds off)
                    practised[0] = done == 0 && idle() ? PRACTICE_EDITS : practised[0] + done;
                }
                if (edited || practised[0] >= PRACTICE_EDITS) {
                    waiting.shutdown();
                }
            } catch (RuntimeException e) {
                Log.warnf("Warming the rule compiler up failed (%s); the first edit compiles cold", e.toString());
                waiting.shutdown();
            }
        }, 5, 1, TimeUnit.SECONDS);
    }

    /**
     * Stops waiting for an idle moment to prepare for edits: a rule base that no longer serves (the application
     * stopped, or restarted in dev mode) must not compile on the shared compile thread once more.
     */
    @PreDestroy
    void close() {
        closed = true;
        ScheduledExecutorService waiting = timer;
        if (waiting != null) {
            waiting.shutdown(); // a compile under way ends as it would have; none follows
        }
    }

    /**
     * Compiles the serving rules once, keeping the module and dropping the ruleset, when the service has yet to prepare
     * for edits and no request came lately; says whether it did.
     */
    boolean warmCompilerIfIdle() {
        if (!preparesForEdits() || !idle()) {
            return false;
        }
        long started = System.nanoTime();
        return CompileThread.call(() -> {
            if (!preparesForEdits()) {
                return false; // a reload compiled meanwhile
            }
            Ruleset serving = current();
            RulesetCompiler compiler = new RulesetCompiler(RuleBase.class.getClassLoader());
            if (config.incremental()) {
                compiler.buildingOn(module);
            }
            Compilation practice = compiler.compile(directory().toString(), serving.sources());
            if (practice.ruleset() != null) {
                practice.ruleset().release();
            }
            // the practice compile's module is kept: the first edit is rebuilt from the file it changed
            module = compiler.module();
            Log.infof("Rules compiled once more while idle, in %d ms, for the first edit: %s", (System.nanoTime() - started) / 1_000_000,
                    compilerCold ? "the rules were loaded compiled at start, the compiler was cold" : "a module to rebuild it on");
            compilerCold = false;
            return true;
        });
    }

    /**
     * Once the module is kept, the work of an author's edit (one file rebuilt, a knowledge base made of the module) is
     * done this many times, each time with a comment added to a file and then as it was, while the service stays idle:
     * the JIT compiles the incremental build's code paths before the first real edits need them. Without it, the
     * first ten or so edits after a start took a third more time than later ones (README, "A one-file edit").
     */
    static final int PRACTICE_EDITS = 8;

    /**
     * Practises up to {@code pairs} edits on the kept module (see {@link #PRACTICE_EDITS}), one at a time on the compile
     * thread, so that a reload asked for meanwhile waits for one of them at most; stops once a request comes or the
     * application stops. Says how many were done.
     */
    int practiseEdits(int pairs) {
        long started = System.nanoTime();
        int done = 0;
        while (done < pairs && idle() && !closed && CompileThread.call(this::practiseEdit)) {
            done++;
        }
        if (done > 0) {
            Log.infof("Rule compiler: %d practice edits (a file rebuilt and back) while idle, in %d ms", done,
                    (System.nanoTime() - started) / 1_000_000);
        }
        return done;
    }

    /**
     * On the compile thread: compiles the serving rules with a comment added to one file, then as they are, as a reload
     * of each would (rebuilt on the module, a ruleset made and its reference data fired), and drops both versions.
     * False when there is nothing to practise on, or a compile was not rebuilt from the file it changed.
     */
    private boolean practiseEdit() {
        Map<String, String> edited = config.incremental() && module != null ? module.practiceEdit() : null;
        if (edited == null) {
            return false;
        }
        for (Map<String, String> sources : List.of(edited, current().sources())) {
            RulesetCompiler compiler = new RulesetCompiler(RuleBase.class.getClassLoader()).buildingOn(module);
            Compilation practice = compiler.compile(directory().toString(), sources);
            module = compiler.module();
            if (practice.ruleset() != null) {
                practice.ruleset().release();
            }
            if (!compiler.lastIncremental()) {
                return false;
            }
        }
        return true;
    }

    /** Whether no evaluation began within {@link #TRAFFIC_WINDOW}. */
    private boolean idle() {
        return System.nanoTime() - lastEvaluationAt >= TRAFFIC_WINDOW.toNanos();
    }

    /** How many versions this rule base has begun to compile, ahead of their reload or by it. */
    synchronized int compilesBegun() {
        return compilesBegun;
    }

    /** The module the next edit is rebuilt on; null when there is none. Used on the compile thread. */
    RuleModule module() {
        return module;
    }

    /** Whether the rule compiler has yet to compile in this JVM (see {@link #warmCompilerIfIdle()}). */
    boolean compilerCold() {
        return compilerCold;
    }

    /** The ruleset serving now; a caller keeps the reference for the whole of one request. */
    public Ruleset current() {
        Ruleset ruleset = current.get();
        if (ruleset == null) {
            throw new IllegalStateException("rules are not loaded yet");
        }
        return ruleset;
    }

    public boolean loaded() {
        return current.get() != null;
    }

    /**
     * Evaluates facts on the current ruleset and counts each rule's firings; those on reference data
     * alone were counted once when the version was applied.
     */
    public Evaluation evaluate(Collection<?> facts) {
        lastEvaluationAt = System.nanoTime();
        Evaluation evaluation;
        Semaphore turns = evaluations;
        if (turns != null) {
            turns.acquireUninterruptibly();
        }
        long started = ThreadCpu.nanos();
        try {
            evaluation = current().evaluate(facts, config.maxFirings());
        } finally {
            evaluationCpu.add(ThreadCpu.nanos() - started);
            if (turns != null) {
                turns.release();
            }
        }
        evaluation.trace().forEach(entry -> count(entry.rule()));
        return evaluation;
    }

    private void count(String rule) {
        firedCounts.computeIfAbsent(rule, id -> new LongAdder()).increment();
    }

    /**
     * Why each of {@code ruleIds} did or did not fire on a case's facts, on {@code ruleset} ({@link WhyNot}). The probes
     * are a compile of every file: seconds of a core and tens of megabytes each. They are compiled on the compile
     * thread, one compile at a time with reloads and other questions (two dozen questions at once, each compiling on
     * its request thread, had exhausted the heap and stopped the service), and kept for the next questions about the
     * same rules on that version ({@link #WHY_NOT_KEPT}: the question asked last); a question asked while its probes
     * compile waits for that compile. While {@link #WHY_NOT_COMPILING} compiles are queued or under way, a question
     * that needs another is refused: 503 {@code why-not-busy}.
     */
    public List<WhyNot.Report> whyNot(Ruleset ruleset, Collection<?> facts, List<String> ruleIds) {
        String key = ruleset.version() + "\n" + String.join("\n", ruleIds);
        Future<WhyNot.Probes> probes;
        synchronized (whyNotProbes) {
            probes = whyNotProbes.get(key);
            if (probes == null) {
                if (whyNotCompiling >= WHY_NOT_COMPILING) {
                    throw new ProblemException(503, "why-not-busy", "Too many why-not questions at once",
                            WHY_NOT_COMPILING + " questions about other rules are being compiled with probes; ask again in a"
                                    + " few seconds").retryAfter(WHY_NOT_RETRY_AFTER);
                }
                whyNotCompiling++;
                whyNotCompiles.incrementAndGet();
                probes = CompileThread.submit(() -> {
                    try {
                        return WhyNot.compile(ruleset, ruleIds, RuleBase.class.getClassLoader());
                    } finally {
                        synchronized (whyNotProbes) {
                            whyNotCompiling--;
                        }
                    }
                });
                whyNotProbes.put(key, probes);
                dropWhyNotProbes();
            }
        }
        WhyNot.Probes compiled;
        try {
            compiled = CompileThread.await(probes);
        } catch (RuntimeException | Error e) {
            synchronized (whyNotProbes) {
                whyNotProbes.remove(key, probes); // asked again, compiled again
            }
            throw e;
        }
        return compiled.explain(facts, config.maxFirings());
    }

    /** Drops kept why-not probes beyond {@link #WHY_NOT_KEPT} and those of versions no longer serving. */
    private void dropWhyNotProbes() { // guarded by whyNotProbes
        Ruleset serving = current.get();
        int keep = WHY_NOT_KEPT;
        List<Future<WhyNot.Probes>> dropped = new ArrayList<>();
        // newest last (access order): keep the newest of the serving version
        List<Map.Entry<String, Future<WhyNot.Probes>>> entries = new ArrayList<>(whyNotProbes.entrySet());
        for (int i = entries.size() - 1; i >= 0; i--) {
            Map.Entry<String, Future<WhyNot.Probes>> entry = entries.get(i);
            boolean servingVersion = serving != null && entry.getKey().startsWith(serving.version() + "\n");
            if (servingVersion && keep > 0) {
                keep--;
            } else {
                whyNotProbes.remove(entry.getKey());
                dropped.add(entry.getValue());
            }
        }
        // questions under way on them finish
        dropped.forEach(probes -> releaseOnceCompiled(probes, WhyNot.Probes::release));
    }

    /** Compiles the rules directory and swaps it in if it compiles and differs from what serves. */
    public synchronized ReloadReport reload(String trigger) {
        ReloadReport report = compileAndSwap(trigger);
        // once nothing here refers to the replaced version any more
        if (report.outcome() == Outcome.APPLIED && report.previousVersion() != null) {
            collectReplacedVersionWhenIdle();
        }
        return report;
    }

    /** {@link #reload}'s work; once it returns, nothing on the caller's stack refers to the version it replaced. */
    private ReloadReport compileAndSwap(String trigger) {
        Ruleset serving = current.get();
        String previous = serving == null ? null : serving.version();
        ReloadReport report;
        Ruleset warmAfterReport = null; // a version that serves at once and warms up once its reload is reported
        RulesetCompiler applied = null; // the compiler of a version applied, whose cache entry may be still to write
        try {
            Map<String, String> sources = RulesetCompiler.readSources(directory());
            String version = RulesetCompiler.version(sources);
            if (version.equals(previous)) {
                discardPrepared();
                report = new ReloadReport(Instant.now(), Outcome.UNCHANGED, trigger, version, previous, null, List.of());
            } else {
                long started = System.nanoTime();
                CompileJob job = prepared != null && prepared.version().equals(version) ? prepared : null;
                boolean begunBefore = job != null;
                if (job == null) {
                    discardPrepared();
                    job = startCompile(version, sources, serving == null);
                } else {
                    prepared = null; // taken
                }
                RulesetCompiler compiler = job.compiler();
                Compilation compilation = CompileThread.await(job.result());
                if (compiler.lastObstacle() != null && serving != null) {
                    Log.debugf("Rules in %s compiled in full, not incrementally: %s", directory(), compiler.lastObstacle());
                }
                if (compiler.cacheHits() == 0) {
                    compilerCold = false;
                }
                if (compilation.succeeded()) {
                    Ruleset ruleset = compilation.ruleset();
                    // the warm-up too while requests come; on an idle service its one round follows the swap
                    Duration budget = serving == null ? config.warmUp()
                            : reloadWarmUp(config.reloadWarmUp(), System.nanoTime() - lastEvaluationAt);
                    boolean warmUpAfterSwap = serving != null && budget.isZero();
                    // sessions warmed before the swap while requests come, so that the first ones on the new version find
                    // them ready; on an idle service the version serves with the session its reference data fired in
                    // (Ruleset), and the others are warmed right after
                    ruleset.pool(config.idleSessions(), warmUpAfterSwap ? 1 : readySessions());
                    if (!warmUpAfterSwap) {
                        warmUp(ruleset, budget);
                    }
                    // the reference data fired once for this version: count it once, not per request
                    ruleset.residentTrace().forEach(entry -> count(entry.rule()));
                    current.set(ruleset);
                    if (serving != null) {
                        serving.release();
                        synchronized (whyNotProbes) {
                            dropWhyNotProbes(); // the replaced version's
                        }
                    }
                    ReloadReport.Build build = compiler.lastIncremental() ? ReloadReport.Build.REBUILT
                            : compiler.cacheHits() > 0 ? ReloadReport.Build.CACHED : ReloadReport.Build.COMPILED;
                    Log.infof("Rules in %s applied (%s): version %s, %d rules in %d files, %s%s in %d ms%s", directory(),
                            trigger, version, compilation.ruleset().rules().size(), compilation.files().size(),
                            switch (build) {
                                case REBUILT -> "rebuilt from the changed files";
                                case CACHED -> "taken compiled";
                                case COMPILED -> "compiled";
                            },
                            warmUpAfterSwap ? "" : " and warmed up", (System.nanoTime() - started) / 1_000_000,
                            begunBefore ? " (compiled from before the reload: begun once the files were quiet)" : "");
                    warmAfterReport = warmUpAfterSwap ? ruleset : null;
                    applied = compiler;
                    report = new ReloadReport(Instant.now(), Outcome.APPLIED, trigger, version, previous, build, List.of());
                } else {
                    report = new ReloadReport(Instant.now(), Outcome.REJECTED, trigger, version, previous, null,
                            List.copyOf(compilation.errors()));
                }
            }
        } catch (IOException e) {
            report = new ReloadReport(Instant.now(), Outcome.REJECTED, trigger, null, previous, null,
                    List.of(new RuleError("", 0, 0, e.getMessage())));
        }
        if (report.outcome() == Outcome.REJECTED) {
            Log.errorf("Rules in %s rejected (%s); %s", directory(), trigger,
                    previous == null ? "nothing serves yet" : "version " + previous + " keeps serving");
            report.errors().forEach(error -> Log.error("  " + error.format()));
        } else if (report.outcome() == Outcome.UNCHANGED) {
            Log.infof("Rules in %s unchanged (%s): version %s keeps serving", directory(), trigger, previous);
        }
        lastReload = report;
        reloads.fire(report);
        if (applied != null) {
            // a version rebuilt from the changed files is written to the compiled-rules cache once it serves
            RulesetCompiler written = applied;
            CompileThread.call(() -> {
                written.writeCacheEntry();
                return null;
            });
        }
        if (warmAfterReport != null) {
            warmAfterReport.pool(config.idleSessions(), readySessions());
            warmUp(warmAfterReport, Duration.ZERO);
        }
        return report;
    }

    /**
     * Each version defines its rules' classes anew, and the replaced version's go only with a full collection, which
     * the JVM starts when metaspace reaches its threshold — with the documented flags every few reloads, in the middle
     * of one (README, "Memory across reloads"): 145–190 ms of an author's edit here. On an idle service (no evaluation
     * within {@link #TRAFFIC_WINDOW}) the replaced version is collected right after the reload instead, on the compile
     * thread, so the next edit starts below the threshold; under load nothing changes (a request would wait through
     * the pause). {@code -XX:+DisableExplicitGC} turns it into nothing.
     */
    private void collectReplacedVersionWhenIdle() {
        if (!idle()) {
            return;
        }
        CompileThread.submit(() -> {
            if (idle()) {
                long started = System.nanoTime();
                collector.run();
                Log.debugf("Replaced version collected while idle in %d ms", (System.nanoTime() - started) / 1_000_000);
            }
            return null;
        });
    }

    /**
     * Begins compiling the rules directory as it is now, for a reload soon to come: the watcher calls this once a
     * change has been quiet for a fifth of its debounce, so the compile runs while the debounce waits out the rest,
     * and its reload takes the compile if the files are still what it compiled (their version is the same). Changed
     * again meanwhile, they are compiled once more and this compile is dropped; whatever it left in the module, the
     * next incremental build starts from (an incremental build answers as a full compile of the same files does).
     * Nothing is begun before the first version serves, nor for what serves already or is being compiled already.
     */
    public synchronized void prepare() {
        Ruleset serving = current.get();
        if (serving == null) {
            return;
        }
        Map<String, String> sources;
        try {
            sources = RulesetCompiler.readSources(directory());
        } catch (IOException e) {
            return; // the reload that follows reports it
        }
        String version = RulesetCompiler.version(sources);
        if (version.equals(serving.version()) || prepared != null && prepared.version().equals(version)) {
            return;
        }
        discardPrepared();
        prepared = startCompile(version, sources, false);
        Log.debugf("Rules in %s: compiling version %s ahead of its reload", directory(), version);
    }

    /** A compile of one version of the rules, under way or done on the compile thread. */
    private record CompileJob(String version, RulesetCompiler compiler, Future<Compilation> result) {
    }

    /**
     * Queues a compile of these sources on the one low-priority compile thread; requests keep evaluating on the serving
     * version meanwhile. The compile rebuilds on the module of the last compile where it can ({@link RuleModule}).
     */
    private CompileJob startCompile(String version, Map<String, String> sources, boolean first) {
        compilesBegun++;
        RulesetCompiler compiler = new RulesetCompiler(RuleBase.class.getClassLoader(),
                config.cache() ? config.cacheDir() : null, RulesetCompiler.shippedDirectory().orElse(null))
                .onAllCores(first);
        Future<Compilation> result = CompileThread.submit(() -> {
            if (config.incremental() && !first) {
                compiler.buildingOn(module);
            }
            Compilation compiled = compiler.compile(directory().toString(), sources);
            module = compiler.module();
            return compiled;
        });
        return new CompileJob(version, compiler, result);
    }

    /** Drops the compile begun ahead of a reload that did not take it: its version, once compiled, is released. */
    private void discardPrepared() {
        CompileJob dropped = prepared;
        prepared = null;
        if (dropped == null) {
            return;
        }
        Log.debugf("Rules in %s: version %s, compiled ahead, dropped: the files changed again", directory(), dropped.version());
        releaseOnceCompiled(dropped.result(), compilation -> {
            if (compilation.ruleset() != null) {
                compilation.ruleset().release();
            }
        });
    }

    /**
     * Releases what a compile no one will use any more made, once it is done: queued behind it on the compile thread.
     * A compile that failed made nothing to release.
     */
    private static <T> void releaseOnceCompiled(Future<T> compile, Consumer<T> release) {
        CompileThread.submit(() -> {
            try {
                release.accept(CompileThread.await(compile));
            } catch (RuntimeException | Error e) {
                Log.debugf("A dropped compile had failed: %s", e.toString());
            }
            return null;
        });
    }

    /**
     * How long a reload warms its version up before it serves: the configured time while requests come (one within
     * {@link #TRAFFIC_WINDOW}), since they would otherwise meet the version's constraints and consequences cold; on an
     * idle service nothing: the version serves at once, so that an author's edit serves that much sooner (60–130 ms
     * here), and evaluates the one round of warm-up cases every version gets right after.
     */
    static Duration reloadWarmUp(Duration configured, long nanosSinceLastEvaluation) {
        return nanosSinceLastEvaluation < TRAFFIC_WINDOW.toNanos() ? configured : Duration.ZERO;
    }

    /**
     * Evaluates the warm-up cases on a version that does not serve yet, for the given time and at least
     * one round. A case that fails there is logged and ends the warm-up, not the reload: the version
     * compiled, and the same failure will answer a real case with a problem naming the rule.
     */
    private void warmUp(Ruleset ruleset, Duration budget) {
        List<Collection<?>> cases = warmUpCases != null && warmUpCases.isResolvable() ? warmUpCases.get().facts() : List.of();
        if (cases.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        long deadline = started + budget.toNanos();
        int evaluations = 0;
        do {
            for (Collection<?> facts : cases) {
                try {
                    ruleset.evaluate(facts, config.maxFirings());
                } catch (RuntimeException e) {
                    Log.warnf("Warm-up case %d of %d failed on version %s: %s", evaluations % cases.size() + 1, cases.size(),
                            ruleset.version(), e.getMessage());
                    return;
                }
                evaluations++;
            }
        } while (System.nanoTime() < deadline);
        Log.debugf("Version %s warmed up: %d evaluations in %d ms", ruleset.version(), evaluations,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** The firing limit of one evaluation ({@code advisor.rules.max-firings}). */
    public int maxFirings() {
        return config.maxFirings();
    }

    /** Warm sessions a new version has idle before its first requests: one per evaluation that may run at once. */
    private int readySessions() {
        return Math.min(config.idleSessions(), permits());
    }

    /** Evaluations that may run at once (see {@link RulesConfig#concurrentEvaluations()}). */
    int permits() {
        return config.concurrentEvaluations() > 0 ? config.concurrentEvaluations() : Runtime.getRuntime().availableProcessors();
    }

    public RulesStatus status() {
        Ruleset ruleset = current();
        List<RulesStatus.RuleView> rules = ruleset.rules().stream()
                .map(r -> new RulesStatus.RuleView(r.id(), r.file(), r.line(), r.metadata(), firedCount(r.id())))
                .toList();
        return new RulesStatus(ruleset.version(), ruleset.loadedAt(), ruleset.directory(), ruleset.files(), rules, lastReload);
    }

    /** Nanoseconds of CPU time evaluations took since start (failed ones too), waiting for a turn not counted. */
    public long evaluationCpuNanos() {
        return evaluationCpu.sum();
    }

    public long firedCount(String ruleId) {
        LongAdder count = firedCounts.get(ruleId);
        return count == null ? 0 : count.sum();
    }

    public Path directory() {
        return config.dir().toAbsolutePath().normalize();
    }
}

package dev.transferadvisor.ruleset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.rule.Rule;

/**
 * One compiled, immutable version of the rules. A request evaluates on one ruleset from start to end,
 * so a reload that swaps in a new version never changes an answer half-way.
 *
 * <p>The rules that need no fact of a case — the reference data under {@code config/} and what
 * derives from it alone — fire once per version, into warm sessions that requests borrow from a pool;
 * their firings are the version's {@link #residentTrace()}, and an evaluation's trace holds only the
 * firings that depend on the case.
 */
public final class Ruleset {

    /** Firings the reference data may take when a session is warmed, before it counts as a loop. */
    private static final int RESIDENT_MAX_FIRINGS = 100_000;

    private final String version;
    private final Instant loadedAt;
    private final String directory;
    private final List<RuleFile> files;
    private final List<RuleInfo> rules;
    private final Map<String, RuleInfo> rulesByKey;
    private final Map<String, String> sources;
    private final KieBase kieBase;
    private final ReleaseId releaseId; // null when the module is kept for an incremental rebuild
    private final Map<Rule, RuleInfo> infoByRule = new ConcurrentHashMap<>();
    private final List<TraceEntry> residentTrace;
    private final SessionPool pool;

    /**
     * @throws RuleEvaluationException when a rule that fires on reference data alone throws or loops:
     *         every evaluation would fail, so the version must not serve
     */
    Ruleset(String version, Instant loadedAt, String directory, List<RuleFile> files, List<RuleInfo> rules,
            Map<String, RuleInfo> rulesByKey, Map<String, String> sources, KieBase kieBase, ReleaseId releaseId) {
        this.version = version;
        this.loadedAt = loadedAt;
        this.directory = directory;
        this.files = files;
        this.rules = rules;
        this.rulesByKey = rulesByKey;
        this.sources = sources;
        this.kieBase = kieBase;
        this.releaseId = releaseId;
        List<TraceEntry> resident = new ArrayList<>();
        WarmSession first = WarmSession.warm(kieBase, this::info, RESIDENT_MAX_FIRINGS, resident);
        this.residentTrace = List.copyOf(resident);
        this.pool = new SessionPool(() -> WarmSession.warm(kieBase, this::info, RESIDENT_MAX_FIRINGS, null),
                4 * Runtime.getRuntime().availableProcessors());
        pool.offer(first);
    }

    /** A version's first 12 hex digits, as Git shortens a commit: enough to tell versions apart to a reader; null stays null. */
    public static String shortVersion(String version) {
        return version == null || version.length() <= 12 ? version : version.substring(0, 12);
    }

    public String version() {
        return version;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public String directory() {
        return directory;
    }

    public List<RuleFile> files() {
        return files;
    }

    public List<RuleInfo> rules() {
        return rules;
    }

    /** The text of every file, keyed by path relative to the rules directory, in the order of their paths. */
    public Map<String, String> sources() {
        return sources;
    }

    /**
     * The firings on reference data alone, in order: made once when this version was built and resident
     * in every session, so they appear here rather than in every evaluation's trace.
     */
    public List<TraceEntry> residentTrace() {
        return residentTrace;
    }

    /**
     * Evaluates the facts of one case in a warm session: inserts them, fires at most {@code maxFirings}
     * rules, and returns the firings that depended on the case and the facts rules inserted (those of the
     * reference data that still hold included). The facts are withdrawn again before the session serves
     * anyone else; a session that cannot be trusted afterwards is disposed.
     *
     * @throws RuleEvaluationException when a rule throws or the firing limit is reached (a loop)
     */
    public Evaluation evaluate(Collection<?> facts, int maxFirings) {
        return pool.evaluate(version, facts, maxFirings);
    }

    /**
     * Evaluates facts the way a single fresh session per request did: a new session, reference data and
     * case firing together, every firing in the trace. Slow; for checking that warm sessions answer the
     * same.
     */
    public Evaluation evaluateInFreshSession(Collection<?> facts, int maxFirings) {
        return WarmSession.once(kieBase, this::info, version, facts, maxFirings);
    }

    /** Keeps up to {@code count} idle warm sessions, and warms {@code ready} of them now. */
    public void pool(int count, int ready) {
        pool.keepIdle(count);
        pool.prewarm(ready);
    }

    /**
     * The warm sessions of a version: how many were warmed on demand beyond the first (a request found
     * none idle, or prewarming), how many were disposed as untrustworthy, and how many are idle now.
     */
    public record Sessions(long warmed, long discarded, int idle) {
    }

    /** The warm sessions of this version since it was built. */
    public Sessions sessions() {
        return pool.counts();
    }

    /**
     * Retires this version: its idle sessions are disposed, and those in use when they come back, and
     * the KIE module leaves the JVM-global KieRepository unless it is kept for an incremental rebuild
     * ({@link RuleModule}). Evaluations in flight finish normally.
     */
    public void release() {
        pool.retire();
        if (releaseId != null) {
            KieServices.Factory.get().getRepository().removeKieModule(releaseId);
        }
    }

    private RuleInfo info(Rule rule) {
        return infoByRule.computeIfAbsent(rule, r -> {
            RuleInfo info = rulesByKey.get(RulesetCompiler.key(r.getPackageName(), r.getName()));
            return info != null ? info
                    : new RuleInfo(RulesetCompiler.kebab(r.getName()), r.getName(), r.getPackageName(), "", 0, Map.of());
        });
    }
}

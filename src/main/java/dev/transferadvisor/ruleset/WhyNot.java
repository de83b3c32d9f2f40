package dev.transferadvisor.ruleset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.EvalDescr;
import org.drools.drl.ast.descr.ExistsDescr;
import org.drools.drl.ast.descr.ForallDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.NotDescr;
import org.drools.drl.ast.descr.OrDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Why a rule did not fire on a case: its conditions, read from the DRL parser's description of the rule,
 * are tried prefix by prefix. For a rule of n conditions, probe rules with the same package and imports
 * hold its first 1, 2, … n conditions (and empty consequences); the ruleset is compiled once more with
 * them, the case evaluated, and the first condition whose prefix did not match in the case's final state
 * is the one that blocked the rule (the probes fire last, after every rule of the ruleset). A second
 * probe per condition says what the case offered there: the facts of the pattern's type, or, for a
 * {@code not}, the facts that contradicted it.
 */
public final class WhyNot {

    /** One condition of a rule's left-hand side: its position (1-based), kind, DRL text and where it stands. */
    @Schema(name = "WhyNotCondition", description = "One condition of a rule: its position, kind (pattern, not, exists, or,"
            + " accumulate, eval, from, collect, forall), DRL text and where it stands")
    public record Condition(int index, String kind, String text, String file, int line) {
    }

    /**
     * The answer for one rule. {@code fired}: it fired on the case, nothing blocked it. Otherwise
     * {@code blockedAt} is the first condition no match got past ({@code null} when every condition
     * matched and the rule still did not fire), {@code matchedBefore} what the conditions before it
     * matched, and {@code offered} what the case had at that condition (see {@code explanation}).
     */
    @Schema(name = "WhyNotReport")
    public record Report(String rule, String file, int line, boolean fired, int conditions,
            @Schema(description = "The first condition that did not hold; null when the rule fired or every condition held",
                    nullable = true) Condition blockedAt,
            @Schema(description = "What the conditions before it matched") List<String> matchedBefore,
            @Schema(description = "What the case had at that condition: the facts of its type, those a not forbids, or those an"
                    + " accumulate ran over") List<String> offered,
            String explanation) {
    }

    private static final String PROBE_PREFIX = "__why-not-probe";
    private static final int PROBE_SALIENCE = -1_000_000;

    private WhyNot() {
    }

    /**
     * Explains each rule of {@code ruleIds} on the facts of one case, evaluated on {@code ruleset}'s sources
     * plus the probes. Throws {@link IllegalArgumentException} for an id the ruleset does not have.
     */
    public static List<Report> explain(Ruleset ruleset, Collection<?> facts, List<String> ruleIds, ClassLoader loader,
            int maxFirings) {
        Probes probes = compile(ruleset, ruleIds, loader);
        try {
            return probes.explain(facts, maxFirings);
        } finally {
            probes.release();
        }
    }

    /**
     * Compiles {@code ruleset}'s sources plus the probes of each rule of {@code ruleIds}: the costly part of a question
     * (a compile of every file), which any number of cases can then be asked on. Throws {@link IllegalArgumentException}
     * for an id the ruleset does not have.
     */
    public static Probes compile(Ruleset ruleset, List<String> ruleIds, ClassLoader loader) {
        Map<String, RuleInfo> rules = new LinkedHashMap<>();
        ruleset.rules().forEach(rule -> rules.put(rule.id(), rule));
        List<Probed> probed = new ArrayList<>();
        Map<String, StringBuilder> probeFiles = new LinkedHashMap<>();
        for (String id : ruleIds) {
            RuleInfo rule = rules.get(id);
            if (rule == null) {
                throw new IllegalArgumentException("no rule with the id '" + id + "' in version " + ruleset.version());
            }
            probed.add(probe(rule, ruleset.sources().get(rule.file()), probed.size(), probeFiles));
        }
        Map<String, String> sources = new LinkedHashMap<>(ruleset.sources());
        probeFiles.forEach((file, text) -> sources.put(file, text.toString()));
        RulesetCompiler.Compilation compilation = new RulesetCompiler(loader).compile(ruleset.directory(), sources);
        if (!compilation.succeeded()) {
            throw new IllegalStateException("the why-not probes do not compile: " + compilation.errors().get(0).format());
        }
        return new Probes(compilation.ruleset(), List.copyOf(probed));
    }

    /** A ruleset compiled with the probes of some of its rules ({@link #compile}); ask it about any number of cases. */
    public static final class Probes {

        private final Ruleset probing;
        private final List<Probed> probed;

        private Probes(Ruleset probing, List<Probed> probed) {
            this.probing = probing;
            this.probed = probed;
        }

        /** Why each rule did or did not fire on the facts of one case, in the order the rules were asked about. */
        public List<Report> explain(Collection<?> facts, int maxFirings) {
            List<TraceEntry> trace = probing.evaluateInFreshSession(facts, maxFirings).trace();
            Map<String, List<TraceEntry>> firings = new LinkedHashMap<>();
            trace.forEach(entry -> firings.computeIfAbsent(entry.rule(), r -> new ArrayList<>()).add(entry));
            return probed.stream().map(p -> p.report(firings)).toList();
        }

        /** Retires the compiled ruleset; questions under way finish. */
        public void release() {
            probing.release();
        }
    }

    /** The probes of one rule and how to read their firings. */
    private record Probed(RuleInfo rule, List<Condition> conditions, List<String> prefixIds, List<String> offeredIds,
            List<String> offeredKinds) {

        Report report(Map<String, List<TraceEntry>> firings) {
            if (firings.containsKey(rule.id())) {
                return new Report(rule.id(), rule.file(), rule.line(), true, conditions.size(), null, List.of(), List.of(),
                        "it fired on this case");
            }
            int blocked = 0;
            while (blocked < conditions.size() && firings.containsKey(prefixIds.get(blocked))) {
                blocked++;
            }
            // the facts the first match of the conditions before it held
            List<String> before = blocked == 0 ? List.of()
                    : List.copyOf(new LinkedHashSet<>(firings.get(prefixIds.get(blocked - 1)).get(0).matched()));
            if (blocked == conditions.size()) {
                return new Report(rule.id(), rule.file(), rule.line(), false, conditions.size(), null, before, List.of(),
                        "every condition matched, yet the rule did not fire: its activation was cancelled before it"
                                + " could fire (a fact it matched was withdrawn, or an agenda or activation group held it back)");
            }
            Condition condition = conditions.get(blocked);
            String offeredId = offeredIds.get(blocked);
            List<String> offered = offeredId == null || !firings.containsKey(offeredId) ? List.of() : last(firings.get(offeredId));
            String explanation = switch (offeredKinds.get(blocked)) {
                case "contradicted" -> "condition " + condition.index() + " (a not) was contradicted by "
                        + (offered.isEmpty() ? "a fact" : offered.size() + " fact(s), listed under offered");
                case "present" -> offered.isEmpty()
                        ? "condition " + condition.index() + " found no fact of its type at all"
                        : "condition " + condition.index() + " matched none of the " + offered.size()
                                + " fact(s) of its type, listed under offered";
                case "accumulated" -> "condition " + condition.index() + " (an accumulate) did not hold over the " + offered.size()
                        + " fact(s) it accumulated, listed under offered";
                default -> "condition " + condition.index() + " (" + article(condition.kind()) + ") did not hold";
            };
            return new Report(rule.id(), rule.file(), rule.line(), false, conditions.size(), condition, before, offered, explanation);
        }

        /** The fact each firing matched with its last pattern: the offered probes end with the pattern in question. */
        private static List<String> last(List<TraceEntry> entries) {
            Set<String> facts = new LinkedHashSet<>();
            entries.stream().filter(entry -> !entry.matched().isEmpty())
                    .forEach(entry -> facts.add(entry.matched().get(entry.matched().size() - 1)));
            return List.copyOf(facts);
        }
    }

    private static String article(String kind) {
        return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
    }

    private static Probed probe(RuleInfo rule, String source, int number, Map<String, StringBuilder> probeFiles) {
        PackageDescr pkg;
        try {
            pkg = new DrlParser().parse(false, source);
        } catch (DroolsParserException e) {
            throw new IllegalStateException("cannot parse " + rule.file() + ": " + e.getMessage(), e);
        }
        RuleDescr descr = pkg.getRules().stream().filter(r -> r.getName().equals(rule.name())).findFirst()
                .orElseThrow(() -> new IllegalStateException("rule '" + rule.name() + "' not found in " + rule.file()));
        List<? extends BaseDescr> lhs = descr.getLhs().getDescrs();
        String folder = rule.file().contains("/") ? rule.file().substring(0, rule.file().lastIndexOf('/') + 1) : "";
        String probeFile = folder + PROBE_PREFIX + "-" + number + ".drl";
        String stem = PROBE_PREFIX + "-" + number;
        StringBuilder drl = probeFiles.computeIfAbsent(probeFile, f -> new StringBuilder(header(pkg)));

        List<Condition> conditions = new ArrayList<>();
        List<String> prefixIds = new ArrayList<>();
        List<String> offeredIds = new ArrayList<>();
        List<String> offeredKinds = new ArrayList<>();
        StringBuilder prefix = new StringBuilder();
        for (int k = 0; k < lhs.size(); k++) {
            BaseDescr condition = lhs.get(k);
            String text = slice(source, condition);
            String kind = kind(condition);
            conditions.add(new Condition(k + 1, kind, text, rule.file(), condition.getLine()));
            String before = prefix.toString();
            prefix.append("    ").append(text).append('\n');
            String prefixId = stem + "/prefix-" + (k + 1);
            drl.append(rule(prefixId, prefix.toString()));
            prefixIds.add(prefixId);
            String offeredId = stem + "/offered-" + (k + 1);
            if (condition instanceof NotDescr not && not.getDescrs().size() == 1 && not.getDescrs().get(0) instanceof PatternDescr inner
                    && inner.getSource() == null) {
                // what the case had that the not forbids: the conditions before it, then its pattern, positively
                drl.append(rule(offeredId, before + "    " + slice(source, inner) + "\n"));
                offeredIds.add(offeredId);
                offeredKinds.add("contradicted");
            } else if (condition instanceof PatternDescr pattern && pattern.getSource() == null) {
                drl.append(rule(offeredId, "    " + pattern.getObjectType() + "()\n"));
                offeredIds.add(offeredId);
                offeredKinds.add("present");
            } else if (condition instanceof PatternDescr pattern && pattern.getSource() instanceof AccumulateDescr accumulate
                    && accumulate.isSinglePattern() && accumulate.getInputPattern() != null
                    && accumulate.getInputPattern().getStartCharacter() >= 0) {
                // what the accumulate ran over: the conditions before it, then its input pattern
                drl.append(rule(offeredId, before + "    " + slice(source, accumulate.getInputPattern()) + "\n"));
                offeredIds.add(offeredId);
                offeredKinds.add("accumulated");
            } else if (condition instanceof ExistsDescr exists && exists.getDescrs().size() == 1
                    && exists.getDescrs().get(0) instanceof PatternDescr inner && inner.getSource() == null) {
                drl.append(rule(offeredId, "    " + inner.getObjectType() + "()\n"));
                offeredIds.add(offeredId);
                offeredKinds.add("present");
            } else {
                offeredIds.add(null);
                offeredKinds.add("none");
            }
        }
        return new Probed(rule, conditions, prefixIds, offeredIds, offeredKinds);
    }

    private static String header(PackageDescr pkg) {
        StringBuilder header = new StringBuilder("package ").append(pkg.getName()).append(";\n\n");
        for (ImportDescr imported : pkg.getImports()) {
            header.append("import ").append(imported.getTarget()).append(";\n");
        }
        for (ImportDescr function : pkg.getFunctionImports()) {
            header.append("import function ").append(function.getTarget()).append(";\n");
        }
        for (GlobalDescr global : pkg.getGlobals()) {
            header.append("global ").append(global.getType()).append(' ').append(global.getIdentifier()).append(";\n");
        }
        return header.append('\n').toString();
    }

    private static String rule(String id, String conditions) {
        // lowest salience: a probe fires only once every rule of the ruleset is done, so what it matched is
        // the case's final state, not a match truth maintenance withdrew on the way (a grade below a later signal)
        return "rule \"" + id + "\"\n    @id(\"" + id + "\")\n    salience " + PROBE_SALIENCE + "\nwhen\n" + conditions + "then\nend\n\n";
    }

    private static String slice(String source, BaseDescr descr) {
        int end = Math.min(source.length(), descr.getEndCharacter() + 1);
        return source.substring(descr.getStartCharacter(), end).strip();
    }

    private static String kind(BaseDescr descr) {
        if (descr instanceof NotDescr) {
            return "not";
        }
        if (descr instanceof ExistsDescr) {
            return "exists";
        }
        if (descr instanceof OrDescr) {
            return "or";
        }
        if (descr instanceof EvalDescr) {
            return "eval";
        }
        if (descr instanceof ForallDescr) {
            return "forall";
        }
        if (descr instanceof PatternDescr pattern && pattern.getSource() != null) {
            return pattern.getSource() instanceof AccumulateDescr ? "accumulate"
                    : pattern.getSource() instanceof CollectDescr ? "collect"
                    : pattern.getSource() instanceof FromDescr ? "from" : "pattern";
        }
        return "pattern";
    }
}

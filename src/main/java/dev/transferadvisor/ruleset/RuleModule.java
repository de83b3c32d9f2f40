package dev.transferadvisor.ruleset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.internal.builder.IncrementalResults;
import org.kie.internal.builder.InternalKieBuilder;

/**
 * The KIE module of a full compile, kept so that an edit can be rebuilt from the files it changed alone
 * (issue 8, item 5): Drools' incremental build ({@code KieBuilder.createFileSet(...).build()}) recompiles
 * those files into the module, and a new container of the module builds a knowledge base of its own — the
 * serving one, and its sessions, are never touched. ~0.15 s where a full compile takes 0.4–1 s (JMH
 * {@code reloadOneFile} against {@code reloadOneFileInFull}; README, "Evening").
 *
 * <p>Only edits Drools rebuilds exactly as a full compile are taken (README, "Notes on Drools: an
 * incremental build"): the same files as before, each changed one keeping its package, imports and globals,
 * declaring no type, function or query before or after, and naming no rule another file of its package
 * names. Anything else — and any error of the incremental build — is left to a full compile, which makes a
 * new module. The knowledge bases it makes are ordered by file and place by {@link RulesetCompiler}, as full
 * compiles are, so ties fire in the same order whichever way a version was built.
 *
 * <p>Used on one thread at a time (the compile thread); not thread-safe.
 */
final class RuleModule {

    /**
     * What the incremental build is not trusted with, in a changed file before or after the edit: a declared type
     * (a class other packages' rules use), a function, a query, a rule that extends another.
     */
    private static final Pattern DECLARES = Pattern.compile("(?m)^\\s*(declare|function|query|rule\\b[^\\n]*\\bextends)\\b");
    /** Lines every file of a package shares: its imports and globals. */
    private static final Pattern SHARED = Pattern.compile("(?m)^\\s*(import|global)\\b.*$");

    private final KieServices services = KieServices.Factory.get();
    private final ReleaseId releaseId;
    private final KieFileSystem files;
    private final KieBuilder builder;
    private final Map<String, String> kiePaths;
    private Map<String, String> sources;
    private boolean disposed;

    /**
     * @param kiePaths the KIE path of each rule file, keyed by its path relative to the rules directory
     * @param sources the files as the builder built them
     */
    RuleModule(ReleaseId releaseId, KieFileSystem files, KieBuilder builder, Map<String, String> kiePaths,
            Map<String, String> sources) {
        this.releaseId = releaseId;
        this.files = files;
        this.builder = builder;
        this.kiePaths = Map.copyOf(kiePaths);
        this.sources = new LinkedHashMap<>(sources);
    }

    ReleaseId releaseId() {
        return releaseId;
    }

    /** Why {@code next} cannot be rebuilt from the files it changed; null when it can. */
    String obstacle(Map<String, String> next) {
        if (disposed) {
            return "the module was disposed";
        }
        if (!next.keySet().equals(sources.keySet())) {
            return "files were added or removed";
        }
        List<String> changed = changed(next);
        if (changed.isEmpty()) {
            return "nothing changed";
        }
        for (String file : changed) {
            String before = sources.get(file);
            String after = next.get(file);
            if (DECLARES.matcher(before).find() || DECLARES.matcher(after).find()) {
                return file + " declares a type, a function or a query";
            }
            if (!RulesetCompiler.packageOf(before).equals(RulesetCompiler.packageOf(after))) {
                return file + " changed its package";
            }
            if (!shared(before).equals(shared(after))) {
                return file + " changed its imports or globals";
            }
            Set<String> names = RulesetCompiler.ruleNames(after);
            for (Map.Entry<String, String> other : next.entrySet()) {
                if (!other.getKey().equals(file) && RulesetCompiler.packageOf(other.getValue()).equals(RulesetCompiler.packageOf(after))
                        && RulesetCompiler.ruleNames(other.getValue()).stream().anyMatch(names::contains)) {
                    return file + " names a rule " + other.getKey() + " names too";
                }
            }
        }
        return null;
    }

    /**
     * Rebuilds the files {@code next} changed and makes a knowledge base of the module as it then is. Null when
     * the incremental build reports an error: the module is then no longer usable, and a full compile says what
     * is wrong with the author's files as it always does.
     *
     * @throws IllegalStateException when {@link #obstacle} names one
     */
    KieBase rebuild(Map<String, String> next, BiFunction<KieServices, ReleaseId, KieBase> newKieBase) {
        String obstacle = obstacle(next);
        if (obstacle != null) {
            throw new IllegalStateException("not rebuilt incrementally: " + obstacle);
        }
        List<String> paths = new ArrayList<>();
        for (String file : changed(next)) {
            String path = kiePaths.get(file);
            files.write(path, next.get(file));
            paths.add(path);
        }
        IncrementalResults results = ((InternalKieBuilder) builder).createFileSet(paths.toArray(String[]::new)).build();
        sources = new LinkedHashMap<>(next);
        if (results.getAddedMessages().stream().anyMatch(message -> message.getLevel() == Message.Level.ERROR)) {
            dispose();
            return null;
        }
        return newKieBase.apply(services, releaseId);
    }

    /**
     * The module's sources with a comment line added to the first file whose edit it rebuilds from that file alone: an
     * edit for the rule compiler to practise on while the service is idle (RuleBase); null when no file qualifies.
     */
    Map<String, String> practiceEdit() {
        for (Map.Entry<String, String> file : sources.entrySet()) {
            Map<String, String> edited = new LinkedHashMap<>(sources);
            edited.put(file.getKey(), file.getValue() + "\n// the rule compiler's practice edit\n");
            if (obstacle(edited) == null) {
                return edited;
            }
        }
        return null;
    }

    /**
     * The module's own compiled packages, as its builder last built them. No session evaluates on them (every
     * version serves on a copy), so they can be serialized until the next rebuild changes them.
     */
    Collection<KiePackage> packages() {
        InternalKieModule module = (InternalKieModule) ((InternalKieBuilder) builder).getKieModuleIgnoringErrors();
        List<KiePackage> packages = new ArrayList<>();
        for (String kieBase : module.getKieModuleModel().getKieBaseModels().keySet()) {
            Collection<KiePackage> built = module.getKnowledgePackagesForKieBase(kieBase);
            if (built != null) {
                packages.addAll(built);
            }
        }
        return packages;
    }

    /** Removes the module from Drools' JVM-global repository; knowledge bases made of it keep working. */
    void dispose() {
        if (!disposed) {
            disposed = true;
            services.getRepository().removeKieModule(releaseId);
        }
    }

    private List<String> changed(Map<String, String> next) {
        return next.keySet().stream().filter(file -> !next.get(file).equals(sources.get(file))).toList();
    }

    private static List<String> shared(String content) {
        List<String> lines = new ArrayList<>();
        Matcher matcher = SHARED.matcher(content);
        while (matcher.find()) {
            lines.add(matcher.group().strip());
        }
        lines.sort(null);
        return lines;
    }
}

package dev.transferadvisor.ruleset;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.wiring.api.classloader.ProjectClassLoader;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;

/**
 * Compiles a rules directory into a {@link Ruleset} through the KIE API, at run time. Usable without
 * CDI, so the command-line workbench compiles exactly as the service does.
 *
 * <p>The version of a ruleset is the SHA-256 over its files sorted by relative path, each contributing
 * its path (UTF-8), a NUL byte, its content and a NUL byte; the same files always give the same version.
 */
public final class RulesetCompiler {

    /** Files the compiler takes from the rules directory. */
    static final List<String> RULE_EXTENSIONS = List.of(".drl");

    private static final AtomicLong BUILDS = new AtomicLong();
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;?", Pattern.MULTILINE);
    private static final Pattern RULE = Pattern.compile("^\\s*rule\\s+(?:\"([^\"]+)\"|'([^']+)'|(\\S+))");
    /** Where Drools' parser puts an error's position: in the text ("[ERR 101] Line 12:41 no viable …", column from 0). */
    private static final Pattern PARSER_POSITION = Pattern.compile("^\\[ERR \\d+\\] Line (\\d+):(\\d+)");

    /**
     * Drools 10.2 may never activate a rule that shares its leading conditions with another rule and then
     * negates a pattern the other one matches (apache/incubator-kie-drools#7109, #7115); the shipped rules
     * hit it. Unshared beta nodes cost a little memory and keep every rule honest.
     */
    private static final Map<String, String> KIE_BASE_PROPERTIES = Map.of("drools.shareBetaNodes", "false");

    /** The folder of compiled shipped rules beside the application's jar (see {@link #shippedDirectory()}). */
    public static final String SHIPPED_DIRECTORY = "rules-cache";

    /** The {@code when} that ends a rule's header. */
    private static final Pattern WHEN = Pattern.compile("(?m)^\\s*when\\b");

    private final ClassLoader classLoader;
    private final CompiledRulesetCache cache;
    private final java.util.concurrent.atomic.AtomicInteger cacheHits = new java.util.concurrent.atomic.AtomicInteger();
    private boolean allCores;
    private volatile Path lastCacheEntry;
    private boolean keepModule;
    private RuleModule module;
    private boolean lastIncremental;
    private String lastObstacle;
    private Runnable pendingCacheWrite;

    static {
        EngineLogging.quietIfUnconfigured();
    }

    /** @param classLoader the loader of the fact classes (the application's, so rules see the same types) */
    public RulesetCompiler(ClassLoader classLoader) {
        this(classLoader, null);
    }

    /**
     * @param classLoader the loader of the fact classes (the application's, so rules see the same types)
     * @param cacheDirectory where compiled rulesets are kept across restarts (see {@link CompiledRulesetCache}),
     *     or null to compile every time
     */
    public RulesetCompiler(ClassLoader classLoader, Path cacheDirectory) {
        this(classLoader, cacheDirectory, null);
    }

    /**
     * @param classLoader the loader of the fact classes (the application's, so rules see the same types)
     * @param cacheDirectory where compiled rulesets are kept across restarts (see {@link CompiledRulesetCache}),
     *     or null to compile every time
     * @param shippedDirectory compiled rulesets shipped with the package, read when the cache has no entry;
     *     null for none (see {@link #shippedDirectory()})
     */
    public RulesetCompiler(ClassLoader classLoader, Path cacheDirectory, Path shippedDirectory) {
        this.classLoader = LookupCachingClassLoader.over(classLoader);
        this.cache = cacheDirectory == null ? null : new CompiledRulesetCache(cacheDirectory, shippedDirectory);
    }

    /**
     * Where {@code package} puts the compiled shipped rules: {@code rules-cache} beside the application's jar
     * ({@code target/quarkus-app/app/rules-cache}, which an image copies with the application); empty when
     * the application does not run from its jar (dev mode, tests). Found from this class, which Quarkus
     * leaves as it is: a CDI bean's class comes from {@code quarkus/transformed-bytecode.jar}.
     */
    public static Optional<Path> shippedDirectory() {
        try {
            CodeSource source = RulesetCompiler.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
                return Optional.empty();
            }
            Path jar = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(jar) && jar.getParent() != null
                    ? Optional.of(jar.getParent().resolve(SHIPPED_DIRECTORY)) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The cache entry the last compilation stored or was taken from, if it has one. */
    public Optional<Path> lastCacheEntry() {
        return Optional.ofNullable(lastCacheEntry);
    }

    /**
     * Lets Drools build large packages on all cores, for a compile nothing waits behind: the first one at
     * startup, when no request is served yet (about 2.5 s faster there). Reloads keep to one core.
     */
    RulesetCompiler onAllCores(boolean allCores) {
        this.allCores = allCores;
        return this;
    }

    /**
     * Keeps the KIE module of each full compile, so that the next compile rebuilds only the files an edit
     * changed where Drools allows it ({@link RuleModule}); {@code basis} is the module of an earlier compiler
     * for the same rules directory (its last {@link #module()}), or null. A ruleset built on a kept module
     * leaves it in Drools' repository when released: the module is the keeper's to {@link RuleModule#dispose()}.
     */
    RulesetCompiler buildingOn(RuleModule basis) {
        this.keepModule = true;
        this.module = basis;
        return this;
    }

    /**
     * Rebuilds each compile after the first from the files it changed, where it can, as the service's reloads do
     * ({@link #buildingOn}); for compiles outside the service (the benchmarks), whose kept module lives as long as
     * this compiler.
     */
    public RulesetCompiler incrementally() {
        return buildingOn(module);
    }

    /** The module the next compile builds on (see {@link #buildingOn}); null when there is none to build on. */
    RuleModule module() {
        return module;
    }

    /** Whether the last compilation rebuilt only the files that changed (see {@link #buildingOn}). */
    public boolean lastIncremental() {
        return lastIncremental;
    }

    /** Why the last compilation, building on a module, compiled every file all the same; null when it did not. */
    public String lastObstacle() {
        return lastIncremental ? null : lastObstacle;
    }

    /**
     * Writes the compiled-rules cache entry of the last version rebuilt from the files that changed, if it is still
     * to be written: the service calls it once that version serves; the next compile calls it before it changes the
     * module. On the thread that compiles.
     */
    public void writeCacheEntry() {
        Runnable write = pendingCacheWrite;
        pendingCacheWrite = null;
        if (write != null) {
            write.run();
        }
    }

    /** How many of this compiler's compilations were taken from its cache of compiled rules. */
    public int cacheHits() {
        return cacheHits.get();
    }

    /** The result of one compilation: a ruleset, or the errors that prevented one. */
    public record Compilation(String version, List<RuleFile> files, Ruleset ruleset, List<RuleError> errors) {
        public boolean succeeded() {
            return ruleset != null;
        }
    }

    /** Reads every rule file below {@code directory}, recursively. */
    public static Map<String, String> readSources(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException("rules directory " + directory.toAbsolutePath() + " does not exist or is not a directory");
        }
        // Read through symbolic links, as Kubernetes delivers files: a git-sync sidecar points the directory
        // (or a folder above it) at a new worktree, a ConfigMap volume links each entry to ..data/<entry>,
        // and ..data to a hidden timestamped folder. Resolving the directory once reads one consistent
        // tree even while a swap happens; hidden entries (.git, ..data, ..2026_11_29_...) are skipped, so
        // no file is read twice.
        Path root = directory.toRealPath();
        Path data = root.resolve(KUBERNETES_DATA);
        if (Files.isDirectory(data)) {
            // a ConfigMap or Secret volume: its visible entries link through ..data, so reading the folder
            // ..data points at now is reading them all from one update, never half of one and half the next
            root = data.toRealPath();
        }
        Path top = root;
        List<Path> paths = new ArrayList<>();
        Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        return !dir.equals(top) && hidden(dir) ? FileVisitResult.SKIP_SUBTREE
                                : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        String name = file.getFileName().toString();
                        if (attrs.isRegularFile() && !hidden(file) && RULE_EXTENSIONS.stream().anyMatch(name::endsWith)) {
                            paths.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
        paths.sort(Comparator.comparing(p -> relative(top, p)));
        Map<String, String> sources = new LinkedHashMap<>();
        for (Path path : paths) {
            sources.put(relative(top, path), Files.readString(path, StandardCharsets.UTF_8));
        }
        return sources;
    }

    /** The link a Kubernetes ConfigMap or Secret volume swaps, atomically, to publish an update. */
    static final String KUBERNETES_DATA = "..data";

    /** Entries whose names start with a dot: tooling's (.git, editor locks) and Kubernetes' atomic writer's. */
    static boolean hidden(Path path) {
        return path.getFileName() != null && path.getFileName().toString().startsWith(".");
    }

    /** The version of a set of sources (see the class comment). */
    public static String version(Map<String, String> sources) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            sources.keySet().stream().sorted().forEach(path -> {
                digest.update(path.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(sources.get(path).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Compilation compile(Path directory) throws IOException {
        return compile(directory.toAbsolutePath().normalize().toString(), readSources(directory));
    }

    /** Compiles sources keyed by path relative to the rules directory. */
    public Compilation compile(String directory, Map<String, String> sources) {
        String version = version(sources);
        List<RuleFile> files = new ArrayList<>();
        List<RuleError> errors = new ArrayList<>();
        if (sources.isEmpty()) {
            errors.add(new RuleError("", 0, 0, "no rule files (" + String.join(", ", RULE_EXTENSIONS) + ") found in " + directory));
            return new Compilation(version, files, null, errors);
        }

        KieServices ks = KieServices.Factory.get();
        ReleaseId releaseId = ks.newReleaseId("dev.transferadvisor.rules", "ruleset",
                "1.0." + BUILDS.incrementAndGet() + "-" + version.substring(0, 12));

        // The KIE path must follow the package line, or the builder warns and resources resolve oddly;
        // remember which KIE path came from which file so errors point at the author's file.
        Map<String, String> fileByKiePath = new HashMap<>();
        Map<String, List<SourceRule>> declaredRules = new LinkedHashMap<>();
        Map<String, String> packageOfFile = new HashMap<>();
        Map<String, String> kiePaths = new LinkedHashMap<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            String file = source.getKey();
            String fileName = file.substring(file.lastIndexOf('/') + 1);
            String packageName = packageOf(source.getValue());
            packageOfFile.put(file, packageName);
            String kiePath = "src/main/resources/" + packageName.replace('.', '/') + "/" + fileName;
            if (fileByKiePath.containsKey(kiePath) || fileByKiePath.containsKey(kiePath.substring("src/main/resources/".length()))) {
                kiePath = "src/main/resources/" + file;
            }
            fileByKiePath.put(kiePath, file);
            // builder messages name the resource without the source-folder prefix
            fileByKiePath.put(kiePath.substring("src/main/resources/".length()), file);
            kiePaths.put(kiePath, source.getValue());
            declaredRules.put(file, scanRules(source.getValue()));
        }

        writeCacheEntry(); // the last rebuilt version's, before this compile changes the module
        lastIncremental = false;
        lastObstacle = keepModule && module == null ? "no earlier full compile to build on" : null;
        KieBase kieBase = null;
        if (module != null) {
            String obstacle = module.obstacle(sources);
            if (obstacle == null) {
                kieBase = module.rebuild(sources, RulesetCompiler::newKieBase);
                if (kieBase == null) {
                    module = null; // the incremental build failed: a full compile says why, and makes a new module
                } else {
                    releaseId = module.releaseId();
                    lastIncremental = true;
                }
            } else {
                lastObstacle = obstacle;
            }
        }
        // a rebuilt version's key is taken when its entry is written, after the swap (3% of an edit's compile)
        String cacheKey = cache == null || kieBase != null ? null : CompiledRulesetCache.key(version, sources, classLoader);
        CompiledRulesetCache.Loaded loaded = cache == null || kieBase != null ? null
                : cache.load(cacheKey, classLoader, KIE_BASE_PROPERTIES).orElse(null);
        if (loaded != null) {
            kieBase = loaded.kieBase();
            cacheHits.incrementAndGet();
            lastCacheEntry = loaded.file();
        }
        boolean compiled = kieBase == null;
        if (compiled) {
            KieFileSystem kfs = ks.newKieFileSystem();
            kfs.generateAndWritePomXML(releaseId);
            // Drools builds the rules of a package on all cores (a ForkJoinPool as wide as the machine) once a
            // package has more than 10 rules; a reload must leave the other core to the requests.
            if (!allCores) {
                kfs.writeKModuleXML(ks.newKieModuleModel()
                        .setConfigurationProperty("drools.parallelRulesBuildThreshold", "-1").toXML());
            }
            kiePaths.forEach(kfs::write);

            KieBuilder builder = ks.newKieBuilder(kfs, classLoader);
            builder.buildAll();
            for (Message message : builder.getResults().getMessages(Message.Level.ERROR)) {
                String file = message.getPath() == null ? "" : fileByKiePath.getOrDefault(message.getPath(), message.getPath());
                String text = message.getText().strip();
                errors.add(new RuleError(file, message.getLine(), column(message.getColumn(), message.getLine(), text), text));
            }
            errors = withoutKnockOnErrors(errors);
            if (!errors.isEmpty()) {
                ks.getRepository().removeKieModule(releaseId);
                return new Compilation(version, files, null, errors);
            }

            if (keepModule) {
                // The first knowledge base of a module takes the builder's own packages, which an incremental build
                // later changes in place: a version serving on them answered differently once the next edit was
                // rebuilt. Every later base deep-copies the packages; so the first is made and dropped, and the
                // version serves on a copy no edit reaches (README, "Notes on Drools: an incremental build").
                newKieBase(ks, releaseId);
            }
            kieBase = newKieBase(ks, releaseId);
            if (keepModule) {
                Map<String, String> kiePathOfFile = new HashMap<>();
                kiePaths.keySet().forEach(kiePath -> kiePathOfFile.put(fileByKiePath.get(kiePath), kiePath));
                if (module != null) {
                    module.dispose();
                }
                module = new RuleModule(releaseId, kfs, builder, kiePathOfFile, sources);
            }
        }
        Map<String, RuleInfo> rulesByKey = new LinkedHashMap<>();
        Map<String, Rule> ruleByKey = new HashMap<>();
        Map<String, String> fileOfId = new HashMap<>();
        Map<String, Integer> countByFile = new HashMap<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                SourceRule where = locate(declaredRules, packageOfFile, kiePackage.getName(), rule.getName());
                Map<String, Object> metadata = metadata(rule.getMetaData(), header(sources.get(where.file), where.line));
                Object declaredId = unquoted(rule.getMetaData().get("id"));
                String id = declaredId != null ? String.valueOf(declaredId) : stem(where.file) + "/" + kebab(rule.getName());
                String clash = fileOfId.putIfAbsent(id, where.file);
                if (clash != null) {
                    errors.add(new RuleError(where.file, where.line, 1,
                            "rule id '" + id + "' is already used in " + clash + "; ids must be unique (set @id)"));
                }
                rulesByKey.put(key(kiePackage.getName(), rule.getName()),
                        new RuleInfo(id, rule.getName(), kiePackage.getName(), where.file, where.line, metadata));
                ruleByKey.put(key(kiePackage.getName(), rule.getName()), rule);
                countByFile.merge(where.file, 1, Integer::sum);
            }
        }
        if (!errors.isEmpty()) {
            discard(releaseId);
            return new Compilation(version, files, null, errors);
        }
        if (compiled && cache != null && cache.store(cacheKey, kieBase)) {
            lastCacheEntry = cache.entry(cacheKey);
        } else if (lastIncremental && cache != null) {
            // written once the version serves (writeCacheEntry), from the module's own packages, which no session
            // touches: 15-35 ms an author no longer waits for; the classes are taken now, before any session evaluates
            // on the base, the key then
            Map<String, byte[]> classes = CompiledRulesetCache.classes(kieBase);
            Map<String, String> keyed = Map.copyOf(sources);
            Collection<KiePackage> packages = module.packages();
            pendingCacheWrite = () -> {
                String key = CompiledRulesetCache.key(version, keyed, classLoader);
                if (cache.store(key, classes, packages)) {
                    lastCacheEntry = cache.entry(key);
                }
            };
        }
        sources.forEach((file, content) -> files.add(new RuleFile(file, sha256(content), countByFile.getOrDefault(file, 0))));
        List<RuleInfo> rules = rulesByKey.values().stream()
                .sorted(Comparator.comparing(RuleInfo::file).thenComparingInt(RuleInfo::line)).toList();
        orderByFileAndPlace(rules, ruleByKey);
        Ruleset ruleset;
        try {
            ruleset = new Ruleset(version, Instant.now(), directory, List.copyOf(files), rules, rulesByKey,
                    Collections.unmodifiableMap(new LinkedHashMap<>(sources)), kieBase, kept(releaseId) ? null : releaseId);
        } catch (RuleEvaluationException e) {
            // a rule on reference data alone that throws or loops would fail every evaluation: not a version to serve
            RuleInfo rule = rules.stream().filter(r -> r.id().equals(e.rule())).findFirst().orElse(null);
            errors.add(new RuleError(rule == null ? "" : rule.file(), rule == null ? 0 : rule.line(), 1,
                    "fails on the reference data alone, before any case: " + e.getMessage()));
            pendingCacheWrite = null;
            discard(releaseId);
            return new Compilation(version, files, null, errors);
        }
        return new Compilation(version, files, ruleset, errors);
    }

    /**
     * Gives every rule a load order by file, then by place in it. Drools fires activations of equal salience by
     * load order and then by the id of the rule's terminal node, which a build hands out in its own order: an
     * incremental build gives the rules it re-adds other ids than a full compile of the same files. Ordered by
     * the files alone, a version fires ties in the same order however it was built — compiled, rebuilt from
     * the changed files or taken from the cache (README, "Notes on Drools: an incremental build").
     */
    private static void orderByFileAndPlace(List<RuleInfo> rules, Map<String, Rule> ruleByKey) {
        for (int i = 0; i < rules.size(); i++) {
            ((RuleImpl) ruleByKey.get(key(rules.get(i).packageName(), rules.get(i).name()))).setLoadOrder(i);
        }
    }

    /**
     * A knowledge base of a module, in a container of its own, on a class loader of its own. The container is made
     * without a class loader, so it takes the module's own, whose parent is the one given to the builder (the
     * caching one); with a loader of its own, Drools would make the container a project class loader of its own,
     * and classes an incremental build adds would land in the other one (README, "Notes on Drools: an incremental
     * build"). The base then takes a copy of the module's compiled classes (declared types, rule classes) on a
     * project class loader over the caching one: an incremental build removes a changed rule's classes from the
     * module's loader and clears what it had loaded, and a version still serving failed with NoClassDefFoundError
     * on the first class it had not loaded yet. The caching loader stays the parent: a new version's MVEL
     * constraints resolve their names through it on first evaluation (README, Notes on Drools).
     */
    static KieBase newKieBase(KieServices ks, ReleaseId releaseId) {
        KieContainer container = ks.newKieContainer(releaseId);
        ClassLoader loader = container.getClassLoader();
        if (loader instanceof ProjectClassLoader module && module.getStore() != null) {
            loader = ProjectClassLoader.createProjectClassLoader(module.getParent(), new HashMap<>(module.getStore()));
        }
        KieBaseConfiguration configuration = ks.newKieBaseConfiguration(null, loader);
        KIE_BASE_PROPERTIES.forEach(configuration::setProperty);
        return container.newKieBase(configuration);
    }

    /** Whether the module of this release is kept for the next compile (see {@link #buildingOn}). */
    private boolean kept(ReleaseId releaseId) {
        return module != null && module.releaseId().equals(releaseId);
    }

    /** Removes a module that builds no ruleset from Drools' repository, unless it is kept for the next compile. */
    private void discard(ReleaseId releaseId) {
        if (!kept(releaseId)) {
            KieServices.Factory.get().getRepository().removeKieModule(releaseId);
        }
    }

    /**
     * The 1-based column of an error. Drools 10.2 reports column 0 for every message; its parser names the real
     * one in the text (from 0), so an author's editor and the console can point at the character. Other errors
     * (unknown types, MVEL constraints, Java in a consequence) keep 0: no column they carry points into the file.
     */
    static int column(int reported, int line, String text) {
        if (reported > 0) {
            return reported;
        }
        Matcher position = PARSER_POSITION.matcher(text);
        return position.find() && Integer.parseInt(position.group(1)) == line ? Integer.parseInt(position.group(2)) + 1 : reported;
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    static String key(String packageName, String ruleName) {
        return packageName + "\u0000" + ruleName;
    }

    private record SourceRule(String name, String file, int line) {
    }

    /** The package a rule file declares; Drools' default package when it declares none. */
    static String packageOf(String content) {
        Matcher pkg = PACKAGE.matcher(content);
        return pkg.find() ? pkg.group(1) : "defaultpkg";
    }

    /** The names of the rules a file declares. */
    static Set<String> ruleNames(String content) {
        Set<String> names = new HashSet<>();
        scanRules(content).forEach(rule -> names.add(rule.name));
        return names;
    }

    private static List<SourceRule> scanRules(String content) {
        List<SourceRule> rules = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = RULE.matcher(lines[i]);
            if (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                rules.add(new SourceRule(name, null, i + 1));
            }
        }
        return rules;
    }

    private static SourceRule locate(Map<String, List<SourceRule>> declared, Map<String, String> packageOfFile,
            String packageName, String ruleName) {
        for (Map.Entry<String, List<SourceRule>> file : declared.entrySet()) {
            if (!packageName.equals(packageOfFile.get(file.getKey()))) {
                continue;
            }
            for (SourceRule rule : file.getValue()) {
                if (rule.name.equals(ruleName)) {
                    return new SourceRule(ruleName, file.getKey(), rule.line);
                }
            }
        }
        return new SourceRule(ruleName, "", 0);
    }

    /**
     * Metadata as authors wrote it: keys by their simple name, {@code @id("x")} and {@code @id(x)} both
     * giving {@code x}, in the order the rule's header declares them. Drools keeps metadata in a hash map;
     * {@code Map.copyOf} of it iterated in an order salted anew by every JVM, so the same answer to the same
     * case on the same version came out with its metadata reordered after each restart.
     */
    private static Map<String, Object> metadata(Map<String, Object> raw, String header) {
        Map<String, Object> metadata = new TreeMap<>();
        raw.forEach((key, value) -> {
            if (key.equals("id")) {
                // @id is the rule's id, shown beside its metadata rather than repeated in it
                return;
            }
            // Drools resolves @description to kie-api's annotation type and keys it by that class name
            if (key.indexOf('.') > 0) {
                String simple = key.substring(key.lastIndexOf('.') + 1);
                key = Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
            }
            metadata.put(key, unquoted(value));
        });
        // a key not found in the header as @key follows the others, alphabetically
        List<String> keys = new ArrayList<>(metadata.keySet());
        keys.sort(Comparator.comparingInt((String key) -> declaredAt(header, key)));
        Map<String, Object> ordered = new LinkedHashMap<>();
        keys.forEach(key -> ordered.put(key, metadata.get(key)));
        return Collections.unmodifiableMap(ordered);
    }

    /** Where {@code @key} stands in a rule's header; past the end when it does not. */
    private static int declaredAt(String header, String key) {
        Matcher at = Pattern.compile("@" + Pattern.quote(key) + "\\b").matcher(header);
        return at.find() ? at.start() : Integer.MAX_VALUE;
    }

    /** A rule's header: its text from the {@code rule} line to {@code when}, where its metadata stands. */
    private static String header(String source, int line) {
        if (source == null || line < 1) {
            return "";
        }
        int from = 0;
        for (int i = 1; i < line; i++) {
            from = source.indexOf('\n', from) + 1;
            if (from == 0) {
                return "";
            }
        }
        Matcher when = WHEN.matcher(source);
        return source.substring(from, when.find(from) ? when.start() : source.length());
    }

    private static Object unquoted(Object value) {
        return value instanceof String text && text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")
                ? text.substring(1, text.length() - 1) : value;
    }

    static String stem(String file) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    static String kebab(String name) {
        String kebab = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return kebab.replaceAll("^-+|-+$", "");
    }

    static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }


    /**
     * The errors an author has to fix, without those that only follow from them. With a syntax error in one
     * file ("[ERR 1xx] ..."), Drools reports the other files as if no declared type had been built: one
     * half-written rule came back with hundreds of errors across the other files (README, Notes on Drools).
     * When any file does not parse, its syntax errors alone are the answer; the rest is built, and reported,
     * once they are fixed.
     */
    static List<RuleError> withoutKnockOnErrors(List<RuleError> errors) {
        List<RuleError> syntax = errors.stream().filter(error -> error.message().startsWith("[ERR ")).toList();
        return syntax.isEmpty() ? errors : syntax;
    }
}

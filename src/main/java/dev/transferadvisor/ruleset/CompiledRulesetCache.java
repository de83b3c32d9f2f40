package dev.transferadvisor.ruleset;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.drools.wiring.api.classloader.ProjectClassLoader;
import org.jboss.logging.Logger;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.definition.KiePackage;

/**
 * Compiled rulesets kept on disk, so a restart on unchanged rules skips parsing and compiling them
 * (several seconds in a fresh JVM) and only builds the network.
 *
 * <p>An entry holds the knowledge packages as Drools serializes them (rules, consequences compiled to
 * bytecode, constraints) and the classes generated for the rules' declared types. It is named by a key
 * over everything its content depends on: the ruleset version (its files), the bytes of every class the
 * rules import and the content of the jars or class folders those classes come from (the application's
 * own build), the rule engine's jars and the JVM. The key names content, never where it lies: the same
 * build unpacked elsewhere (an image, a copied {@code quarkus-app}) finds the same entries. Anything else —
 * an entry of another key, a truncated or altered file (a SHA-256 trailer guards the content), one Drools
 * cannot read — is ignored and deleted, and the rules are compiled as if there were no cache. The
 * directory is safe to delete at any time.
 *
 * <p>Beside it, a read-only directory of entries <em>shipped</em> with the package may be searched when
 * the cache has none: {@code package} compiles the shipped rules into it ({@code advisor compile}), so
 * the first start of a new installation on those rules skips compiling too. Shipped entries are never
 * written, touched or deleted; one that cannot be used is passed over.
 */
final class CompiledRulesetCache {

    private static final Logger LOG = Logger.getLogger(CompiledRulesetCache.class);
    private static final String MAGIC = "transfer-advisor compiled ruleset";
    /** Bump when the entry layout, what it holds or how its key is made changes. */
    private static final int FORMAT = 2;
    private static final String SUFFIX = ".ruleset";
    /** Entries kept: the current version and a few before it, for a quick roll-back. */
    private static final int KEEP = 4;
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.$]+)", Pattern.MULTILINE);
    private static final Map<String, String> LOCATION_DIGESTS = new ConcurrentHashMap<>();

    private final Path directory;
    private final Path shipped;

    CompiledRulesetCache(Path directory) {
        this(directory, null);
    }

    /**
     * @param directory the cache, written at every compile
     * @param shipped entries shipped with the package, searched when the cache has none; null for none
     */
    CompiledRulesetCache(Path directory, Path shipped) {
        this.directory = directory.toAbsolutePath().normalize();
        this.shipped = shipped == null ? null : shipped.toAbsolutePath().normalize();
    }

    Path directory() {
        return directory;
    }

    /** The key of a ruleset: what a compiled entry must have been built from to be reused. */
    static String key(String version, Map<String, String> sources, ClassLoader loader) {
        MessageDigest digest = sha256();
        update(digest, "format " + FORMAT);
        update(digest, "ruleset " + version);
        update(digest, "java " + Runtime.version());
        // the engine: its jars, named with their versions
        for (String engineClass : List.of("org.drools.compiler.builder.impl.KnowledgeBuilderImpl",
                "org.drools.base.definitions.impl.KnowledgePackageImpl", "org.drools.core.reteoo.ReteooBuilder",
                "org.drools.mvel.java.JavaDialect", "org.kie.api.KieServices")) {
            update(digest, "engine " + engineClass + " " + fileName(location(loader, engineClass)));
        }
        // the application: every class the rules import (its bytes), and where it comes from (all of it)
        TreeSet<String> imported = new TreeSet<>();
        for (String source : sources.values()) {
            Matcher m = IMPORT.matcher(source);
            while (m.find()) {
                imported.add(m.group(1));
            }
        }
        imported.add(RulesetCompiler.class.getName());
        TreeSet<String> locations = new TreeSet<>();
        for (String name : imported) {
            String className = resolvable(loader, name);
            if (className == null) {
                update(digest, "unresolved " + name);
                continue;
            }
            update(digest, "class " + className + " " + classBytesDigest(loader, className));
            String where = location(loader, className);
            if (where != null) {
                locations.add(where);
            }
        }
        for (String where : locations) {
            update(digest, "location " + locationDigest(where));
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    /** A knowledge base read from an entry, and the entry's file. */
    record Loaded(KieBase kieBase, Path file) {
    }

    /**
     * The knowledge base of the entry with this key, from the cache or else from the shipped entries, or
     * empty when neither has a usable one.
     */
    Optional<Loaded> load(String key, ClassLoader parent, Map<String, String> kieBaseProperties) {
        Optional<Loaded> cached = load(directory.resolve(key + SUFFIX), true, key, parent, kieBaseProperties);
        if (cached.isPresent() || shipped == null) {
            return cached;
        }
        return load(shipped.resolve(key + SUFFIX), false, key, parent, kieBaseProperties);
    }

    /** The entry in {@code file}; an unusable one is deleted when the cache {@code owns} it. */
    private static Optional<Loaded> load(Path file, boolean owns, String key, ClassLoader parent,
            Map<String, String> kieBaseProperties) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        try {
            byte[] all = Files.readAllBytes(file);
            if (all.length < 32) {
                throw new IOException("truncated");
            }
            byte[] body = Arrays.copyOfRange(all, 0, all.length - 32);
            if (!MessageDigest.isEqual(sha256().digest(body), Arrays.copyOfRange(all, all.length - 32, all.length))) {
                throw new IOException("checksum mismatch");
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
            if (!MAGIC.equals(in.readUTF()) || in.readInt() != FORMAT || !key.equals(in.readUTF())) {
                throw new IOException("not an entry of this key and format");
            }
            int count = in.readInt();
            Map<String, byte[]> classes = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                classes.put(name, bytes);
            }
            byte[] packages = new byte[in.readInt()];
            in.readFully(packages);
            ProjectClassLoader classLoader = ProjectClassLoader.createProjectClassLoader(parent, classes);
            List<KiePackage> kiePackages = new ArrayList<>();
            try (ObjectInputStream objects = new DroolsObjectInputStream(new ByteArrayInputStream(packages), classLoader)) {
                for (Object pkg : (Collection<?>) objects.readObject()) {
                    kiePackages.add((KiePackage) pkg);
                }
            }
            KieBaseConfiguration configuration = KieServices.Factory.get().newKieBaseConfiguration(null, classLoader);
            kieBaseProperties.forEach(configuration::setProperty);
            InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase(configuration);
            kieBase.addPackages(kiePackages);
            if (owns) {
                // most recently used: the last to be pruned
                Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
            }
            LOG.infof("Compiled rules taken from %s %s in %d ms", owns ? "the cache" : "those shipped with the package", file,
                    (System.nanoTime() - started) / 1_000_000);
            return Optional.of(new Loaded(kieBase, file));
        } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
            LOG.warnf("Ignoring the compiled-rules %s entry %s (%s); compiling the rules instead", owns ? "cache" : "shipped", file, e);
            if (owns) {
                delete(file);
            }
            return Optional.empty();
        }
    }

    /** Where the entry of this key is (or would be) kept in the cache. */
    Path entry(String key) {
        return directory.resolve(key + SUFFIX);
    }

    /**
     * Writes the entry of a knowledge base just built, before anything evaluates on it (serializing reads
     * state that sessions may touch). Failing to write costs the next start its speed-up, nothing else:
     * it is logged and answered false.
     */
    boolean store(String key, KieBase kieBase) {
        return store(key, classes(kieBase), kieBase.getKiePackages());
    }

    /** The compiled classes of a knowledge base's own class loader (declared types, rule classes), sorted by name. */
    static Map<String, byte[]> classes(KieBase kieBase) {
        ClassLoader root = ((InternalKnowledgeBase) kieBase).getRootClassLoader();
        return root instanceof ProjectClassLoader project && project.getStore() != null ? new TreeMap<>(project.getStore()) : Map.of();
    }

    /**
     * Writes the entry of compiled packages and the classes they need. Neither may change meanwhile: the packages
     * of a knowledge base no session has evaluated on yet, or of a module that no base evaluates on.
     */
    boolean store(String key, Map<String, byte[]> classes, Collection<KiePackage> kiePackages) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 21);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(key);
            out.writeInt(classes.size());
            for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeInt(entry.getValue().length);
                out.write(entry.getValue());
            }
            ByteArrayOutputStream packages = new ByteArrayOutputStream(1 << 21);
            try (ObjectOutputStream objects = new DroolsObjectOutputStream(packages)) {
                objects.writeObject(new ArrayList<>(kiePackages));
            }
            out.writeInt(packages.size());
            packages.writeTo(out);
            out.flush();
            byte[] body = bytes.toByteArray();
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, key, ".tmp");
            try {
                Files.write(temporary, body);
                try (var append = Files.newOutputStream(temporary, java.nio.file.StandardOpenOption.APPEND)) {
                    append.write(sha256().digest(body));
                }
                try {
                    Files.move(temporary, directory.resolve(key + SUFFIX), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, directory.resolve(key + SUFFIX), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
            prune();
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Could not write the compiled-rules cache in %s (%s); the next start compiles the rules", directory, e);
            return false;
        }
    }

    /** Keeps the most recently used entries and removes leftovers of interrupted writes. */
    private void prune() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> entries = files.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .sorted(Comparator.comparing(CompiledRulesetCache::modified).reversed()).toList();
            entries.stream().skip(KEEP).forEach(CompiledRulesetCache::delete);
        }
        try (Stream<Path> files = Files.list(directory)) {
            long hourAgo = System.currentTimeMillis() - 3_600_000;
            files.filter(p -> p.getFileName().toString().endsWith(".tmp") && modified(p).toMillis() < hourAgo)
                    .forEach(CompiledRulesetCache::delete);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debugf("could not delete %s: %s", file, e);
        }
    }

    /** The binary name of an import that names a class (nested classes included), or null. */
    private static String resolvable(ClassLoader loader, String name) {
        String candidate = name;
        while (candidate.indexOf('.') > 0) {
            if (loader.getResource(candidate.replace('.', '/') + ".class") != null) {
                return candidate;
            }
            int dot = candidate.lastIndexOf('.');
            // a static import names a member, a nested class is Outer$Inner
            String nested = candidate.substring(0, dot) + "$" + candidate.substring(dot + 1);
            if (loader.getResource(nested.replace('.', '/') + ".class") != null) {
                return nested;
            }
            candidate = candidate.substring(0, dot);
        }
        return null;
    }

    private static String classBytesDigest(ClassLoader loader, String className) {
        try (InputStream in = loader.getResourceAsStream(className.replace('.', '/') + ".class")) {
            return in == null ? "absent" : java.util.HexFormat.of().formatHex(sha256().digest(in.readAllBytes()));
        } catch (IOException e) {
            return "unreadable";
        }
    }

    /** Where a class is loaded from (a jar or a class folder), or null for the JDK's own and unknown places. */
    private static String location(ClassLoader loader, String className) {
        try {
            Class<?> type = Class.forName(className, false, loader);
            CodeSource source = type.getProtectionDomain() == null ? null : type.getProtectionDomain().getCodeSource();
            URL url = source == null ? null : source.getLocation();
            return url == null ? null : url.toString();
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return null;
        }
    }

    /** The last segment of a location ({@code org.drools.drools-core-10.2.0.jar}): names the jar and its version. */
    private static String fileName(String where) {
        return where == null ? null : where.substring(where.lastIndexOf('/', where.length() - 2) + 1);
    }

    /** The content of a jar or class folder, remembered for jars by size and modification time. */
    private static String locationDigest(String where) {
        Path path;
        try {
            URL url = new URL(where);
            if (!"file".equals(url.getProtocol())) {
                return "not a file";
            }
            path = Path.of(url.toURI());
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return "not a file";
        }
        try {
            if (Files.isRegularFile(path)) {
                String stamp = path + " " + Files.size(path) + " " + Files.getLastModifiedTime(path).toMillis();
                return LOCATION_DIGESTS.computeIfAbsent(stamp, s -> {
                    try {
                        return java.util.HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(path)));
                    } catch (IOException e) {
                        return "unreadable " + s;
                    }
                });
            }
            if (Files.isDirectory(path)) {
                MessageDigest digest = sha256();
                try (Stream<Path> walk = Files.walk(path)) {
                    for (Path file : walk.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                        update(digest, path.relativize(file).toString());
                        digest.update(Files.readAllBytes(file));
                    }
                }
                return java.util.HexFormat.of().formatHex(digest.digest());
            }
        } catch (IOException e) {
            return "unreadable";
        }
        return "missing";
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.transferadvisor.ruleset;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which classes and resources the application's class loader has and which it has not.
 * Compiling DRL resolves every simple name against every import and ECJ probes the class path for
 * each package and type it meets; most probes miss, and a miss walks every jar of the class path.
 * The application's class path does not change while it runs, so each answer is worth keeping:
 * it makes a reload of the shipped rules several times faster.
 */
final class LookupCachingClassLoader extends ClassLoader {

    private static final Map<ClassLoader, LookupCachingClassLoader> BY_PARENT = new ConcurrentHashMap<>();

    private final Map<String, Optional<Class<?>>> classes = new ConcurrentHashMap<>();
    private final Map<String, Optional<URL>> resources = new ConcurrentHashMap<>();

    static {
        registerAsParallelCapable();
    }

    private LookupCachingClassLoader(ClassLoader parent) {
        super("rules-lookup-cache", parent);
    }

    /** One cache per application class loader (dev mode makes a new one on each Java reload). */
    static ClassLoader over(ClassLoader parent) {
        return BY_PARENT.computeIfAbsent(parent, LookupCachingClassLoader::new);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        Optional<Class<?>> found = classes.computeIfAbsent(name, key -> {
            try {
                return Optional.of(getParent().loadClass(key));
            } catch (ClassNotFoundException | LinkageError e) {
                return Optional.empty();
            }
        });
        return found.orElseThrow(() -> new ClassNotFoundException(name));
    }

    @Override
    public URL getResource(String name) {
        return resources.computeIfAbsent(name, key -> Optional.ofNullable(getParent().getResource(key))).orElse(null);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        URL url = getResource(name);
        try {
            return url == null ? null : url.openStream();
        } catch (IOException e) {
            return null;
        }
    }
}

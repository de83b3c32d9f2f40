package dev.transferadvisor.ruleset;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Watches the rules directory, sub-folders included (new ones too), and reloads once changes have
 * been quiet for the debounce time, so saving several files is one reload; the compile begins earlier, once they
 * have been quiet for a fifth of it, and the reload takes it if nothing changed since. Hidden folders are not
 * watched; of hidden entries only Kubernetes' {@code ..data} link counts (README, Running on Kubernetes).
 */
@ApplicationScoped
class RulesWatcher {

    private static final long ROOT_RETRY_MILLIS = 500;

    /**
     * Once a change has been quiet for this part of the debounce (a fifth: 20 ms of the default 0.1 s), the rules are
     * compiled ahead of the reload ({@link RuleBase#prepare()}), which takes that compile if nothing changed since.
     */
    private static final int PREPARE_AFTER_PART_OF_DEBOUNCE = 5;

    @Inject
    RuleBase ruleBase;

    @Inject
    RulesConfig config;

    private WatchService watchService;
    private Path root;
    private Thread thread;

    // after RuleBase has loaded the rules (observers with a larger priority run later)
    void onStart(@Observes @Priority(5000) StartupEvent event) throws IOException {
        if (!config.watch()) {
            Log.info("Watching the rules directory is off (advisor.rules.watch=false)");
            return;
        }
        watchService = FileSystems.getDefault().newWatchService();
        root = config.dir().toAbsolutePath().normalize();
        registerTree(root);
        thread = new Thread(this::watch, "rules-watcher");
        thread.setDaemon(true);
        thread.start();
        Log.infof("Watching %s for rule changes", config.dir().toAbsolutePath().normalize());
    }

    void onStop(@Observes ShutdownEvent event) throws IOException {
        if (watchService != null) {
            watchService.close();
        }
    }

    private void watch() {
        long debounceNanos = config.watchDebounce().toNanos();
        long prepareNanos = debounceNanos / PREPARE_AFTER_PART_OF_DEBOUNCE;
        long dueAt = 0;
        long prepareAt = 0;
        while (true) {
            try {
                long next = prepareAt != 0 ? prepareAt : dueAt;
                WatchKey key = next == 0 ? watchService.take()
                        : watchService.poll(Math.max(1, next - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (key != null) {
                    Path folder = (Path) key.watchable();
                    boolean relevant = false;
                    for (WatchEvent<?> event : key.pollEvents()) {
                        Path name = event.context() instanceof Path path ? path : null;
                        if (event.kind() != OVERFLOW && name != null && !matters(name)) {
                            continue; // a hidden entry: Kubernetes staging an update, an editor's lock file
                        }
                        relevant = true;
                        if (event.kind() == ENTRY_CREATE && name != null) {
                            Path created = folder.resolve(name);
                            if (Files.isDirectory(created)) {
                                registerTree(created);
                            }
                        }
                    }
                    if (!key.reset() && folder.equals(root)) {
                        // the directory itself went away (a checkout that replaces it, say): keep
                        // serving what is loaded and watch again once it is back
                        awaitRoot();
                        relevant = true;
                    }
                    if (relevant) {
                        long now = System.nanoTime();
                        dueAt = now + debounceNanos;
                        prepareAt = now + prepareNanos;
                    }
                } else if (prepareAt != 0 && System.nanoTime() >= prepareAt) {
                    // quiet for a moment: most saves are over; the compile runs while the debounce waits out the rest
                    prepareAt = 0;
                    ruleBase.prepare();
                } else if (dueAt != 0 && System.nanoTime() >= dueAt) {
                    dueAt = 0;
                    ruleBase.reload("watcher");
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException | IOException e) {
                // the watcher must outlive any one bad reload
                Log.errorf(e, "Reloading the rules after a change failed");
            }
        }
    }

    private void awaitRoot() throws InterruptedException, IOException {
        Log.warnf("The rules directory %s disappeared; the loaded rules keep serving until it is back", root);
        while (!Files.isDirectory(root)) {
            Thread.sleep(ROOT_RETRY_MILLIS);
        }
        registerTree(root);
        Log.infof("The rules directory %s is back; watching it again", root);
    }

    /**
     * Whether a change of this entry can change the rules. Hidden entries cannot, but for the link a
     * Kubernetes ConfigMap volume swaps to publish an update: its staging folders (..2026_11_29_...) and
     * the temporary link (..data_tmp) come and go around that one swap, which is applied once.
     */
    static boolean matters(Path name) {
        return !RulesetCompiler.hidden(name) || name.toString().equals(RulesetCompiler.KUBERNETES_DATA);
    }

    private static boolean inHiddenFolder(Path top, Path folder) {
        for (Path part : top.relativize(folder)) {
            if (RulesetCompiler.hidden(part)) {
                return true;
            }
        }
        return false;
    }

    private void registerTree(Path top) throws IOException {
        try (Stream<Path> folders = Files.walk(top)) {
            for (Path folder : folders.filter(Files::isDirectory).filter(folder -> !inHiddenFolder(top, folder)).toList()) {
                folder.register(watchService, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE, OVERFLOW);
                Log.debugf("Watching %s", folder);
            }
        }
    }
}

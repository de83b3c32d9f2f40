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
 * been quiet for the debounce time, so saving several files is one reload.
 */
@ApplicationScoped
class RulesWatcher {

    private static final long ROOT_RETRY_MILLIS = 500;

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
        long dueAt = 0;
        while (true) {
            try {
                WatchKey key = dueAt == 0 ? watchService.take()
                        : watchService.poll(Math.max(1, dueAt - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (key != null) {
                    Path folder = (Path) key.watchable();
                    for (WatchEvent<?> event : key.pollEvents()) {
                        if (event.kind() == ENTRY_CREATE) {
                            Path created = folder.resolve((Path) event.context());
                            if (Files.isDirectory(created)) {
                                registerTree(created);
                            }
                        }
                    }
                    if (!key.reset() && folder.equals(root)) {
                        // the directory itself went away (a checkout that replaces it, say): keep
                        // serving what is loaded and watch again once it is back
                        awaitRoot();
                    }
                    dueAt = System.nanoTime() + debounceNanos;
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

    private void registerTree(Path top) throws IOException {
        try (Stream<Path> folders = Files.walk(top)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                folder.register(watchService, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE, OVERFLOW);
                Log.debugf("Watching %s", folder);
            }
        }
    }
}

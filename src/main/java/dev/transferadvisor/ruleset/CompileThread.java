package dev.transferadvisor.ruleset;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one thread that compiles rules in the service, whoever asks (the startup, the watcher, {@code POST
 * /api/rules/reload}): compiles never run side by side, and a compile never takes more than one core from
 * the requests (the compiler is kept from building in parallel too, see {@link RulesetCompiler}). The
 * thread asks for the lowest priority; on Linux the JVM applies Java priorities only with
 * {@code -XX:ThreadPriorityPolicy=1} as root, so the one-core bound is what holds everywhere.
 */
final class CompileThread {

    private static volatile Thread thread;

    private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(task -> {
        Thread compiler = new Thread(task, "rules-compiler");
        compiler.setDaemon(true);
        compiler.setPriority(Thread.MIN_PRIORITY);
        thread = compiler;
        return compiler;
    });

    private CompileThread() {
    }

    /** Runs the task on the compile thread and waits for its result; the caller's thread only waits. */
    static <T> T call(Callable<T> task) {
        if (Thread.currentThread() == thread) {
            return run(task);
        }
        return await(submit(task));
    }

    /**
     * Queues the task on the compile thread and returns at once; tasks run one after another in the order they were
     * submitted, so a task submitted later sees everything an earlier one did.
     */
    static <T> Future<T> submit(Callable<T> task) {
        // the compile sees the caller's context class loader, as it did when it ran on the caller's thread
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return EXECUTOR.submit(() -> {
            Thread compiler = Thread.currentThread();
            ClassLoader before = compiler.getContextClassLoader();
            compiler.setContextClassLoader(context);
            try {
                return task.call();
            } finally {
                compiler.setContextClassLoader(before);
            }
        });
    }

    /** Waits for a task {@link #submit submitted} earlier; its exception is thrown as {@link #call} throws it. */
    static <T> T await(Future<T> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the rules to compile", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static <T> T run(Callable<T> task) {
        try {
            return task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

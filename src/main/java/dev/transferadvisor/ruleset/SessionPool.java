package dev.transferadvisor.ruleset;

import java.util.Collection;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The warm sessions of one ruleset version. A request borrows one (or a new one is warmed when none
 * is idle), evaluates, and gives it back; a session whose evaluation failed, hit the firing limit or
 * did not return to its resident state is disposed, never reused. Once the version is retired, idle
 * sessions are disposed and returning ones too, so an old version drains as its requests finish.
 */
final class SessionPool {

    private final Supplier<WarmSession> warmer;
    private volatile int maxIdle;
    // last in, first out: the session used last is the one whose memory is still in the CPU's caches
    private final ConcurrentLinkedDeque<WarmSession> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong discarded = new AtomicLong();
    private volatile boolean retired;

    SessionPool(Supplier<WarmSession> warmer, int maxIdle) {
        this.warmer = warmer;
        this.maxIdle = Math.max(0, maxIdle);
    }

    /** How many idle sessions to keep; more are disposed as they come back. */
    void keepIdle(int count) {
        maxIdle = Math.max(0, count);
    }

    /** Adds a session that is already warm (the one that recorded the resident trace, say). */
    void offer(WarmSession session) {
        giveBack(session, true);
    }

    /** Warms sessions until {@code count} are idle, so the first requests on a new version find one ready. */
    void prewarm(int count) {
        while (idleCount.get() < Math.min(count, maxIdle) && !retired) {
            created.incrementAndGet();
            giveBack(warmer.get(), true);
        }
    }

    Evaluation evaluate(String version, Collection<?> facts, int maxFirings) {
        WarmSession session = borrow();
        boolean reusable = false;
        try {
            WarmSession.Outcome outcome = session.evaluate(version, facts, maxFirings);
            reusable = outcome.reusable();
            return outcome.evaluation();
        } finally {
            giveBack(session, reusable);
        }
    }

    private WarmSession borrow() {
        WarmSession session = idle.pollFirst();
        if (session != null) {
            idleCount.decrementAndGet();
            return session;
        }
        created.incrementAndGet();
        return warmer.get();
    }

    private void giveBack(WarmSession session, boolean reusable) {
        if (!reusable) {
            discarded.incrementAndGet();
            session.dispose();
            return;
        }
        if (retired) {
            session.dispose();
            return;
        }
        if (idleCount.incrementAndGet() > maxIdle) {
            idleCount.decrementAndGet();
            session.dispose();
            return;
        }
        idle.offerFirst(session);
        if (retired) {
            // retire() may have drained just before this session went in
            drain();
        }
    }

    /** Disposes the idle sessions and every session given back from now on. */
    void retire() {
        retired = true;
        drain();
    }

    private void drain() {
        WarmSession session;
        while ((session = idle.pollFirst()) != null) {
            idleCount.decrementAndGet();
            session.dispose();
        }
    }

    /** Sessions warmed and discarded since the version was built, and how many are idle now. */
    Ruleset.Sessions counts() {
        return new Ruleset.Sessions(created.get(), discarded.get(), idleCount.get());
    }
}

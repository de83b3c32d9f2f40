package dev.transferadvisor.system;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time the calling thread has used, for the service's own accounts of where a diagnosis's CPU goes
 * (Prometheus {@code advisor_diagnosis_cpu_seconds_total}, README Performance). CPU time rather than wall time: a
 * request thread that waits for its turn, for the commit or for a core counts nothing while it waits. About
 * 0.6 µs a call on Linux (a system call), a few calls a diagnosis of ~1.5 ms.
 */
public final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean MEASURED = THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();

    private ThreadCpu() {
    }

    /** Nanoseconds of CPU this thread has used so far; always 0 on a JVM that cannot tell, so differences stay 0. */
    public static long nanos() {
        return MEASURED ? THREADS.getCurrentThreadCpuTime() : 0;
    }
}

package dev.transferadvisor.ruleset;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.drools.core.common.InternalWorkingMemoryEntryPoint;
import org.drools.core.common.TruthMaintenanceSystem;
import org.drools.tms.TruthMaintenanceSystemFactoryImpl;
import org.drools.tms.TruthMaintenanceSystemImpl;

/**
 * Drools' truth maintenance without its JVM-wide lock. Drools loads one factory per JVM and keeps the
 * truth maintenance of every session's entry point in one {@code synchronizedMap}; every
 * {@code insertLogical} of every session looks its entry point up there, so sessions evaluating on
 * several threads queue on that one monitor (JMH, 16 threads on 2 cores: half the throughput of one).
 * Entry points are compared by identity, as Drools does, but looked up without a lock. Registered as a
 * Kie service of higher priority than Drools' own (META-INF/services); see the README's notes on Drools.
 */
public final class ConcurrentTruthMaintenance extends TruthMaintenanceSystemFactoryImpl {

    // NamedEntryPoint keeps Object's equals and hashCode: the keys compare by identity
    private final Map<InternalWorkingMemoryEntryPoint, TruthMaintenanceSystem> byEntryPoint = new ConcurrentHashMap<>();

    @Override
    public int servicePriority() {
        return 10;
    }

    @Override
    public TruthMaintenanceSystem getOrCreateTruthMaintenanceSystem(InternalWorkingMemoryEntryPoint entryPoint) {
        TruthMaintenanceSystem tms = byEntryPoint.get(entryPoint);
        return tms != null ? tms : byEntryPoint.computeIfAbsent(entryPoint, TruthMaintenanceSystemImpl::new);
    }

    @Override
    public void clearTruthMaintenanceSystem(InternalWorkingMemoryEntryPoint entryPoint) {
        TruthMaintenanceSystem tms = byEntryPoint.remove(entryPoint);
        if (tms != null) {
            tms.clear();
        }
    }

    @Override
    public int getEntryPointsMapSize() {
        return byEntryPoint.size();
    }

    @Override
    public void clearEntryPointsMap() {
        byEntryPoint.clear();
    }
}

package dev.transferadvisor.system;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Application;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.SmallRyeHealthReporter;

/**
 * A training run for a class-data sharing archive of a whole start: with {@code advisor.training-run=true} the
 * service stops as soon as it is ready (the rules loaded and warmed up, the audit store open, the HTTP server
 * listening), so that {@code java -XX:ArchiveClassesAtExit=app-start.jsa …} writes every class a start loaded,
 * Quarkus', Drools', H2's and the application's; a start with {@code -XX:SharedArchiveFile=app-start.jsa} maps
 * those classes from it instead of loading and verifying each. Measured, such a start is ready sooner and then
 * evaluates slower, so the documented run command does without (README "Start: what it spends").
 */
@ApplicationScoped
class TrainingRun {

    private static final Duration POLL = Duration.ofMillis(50);

    @Inject
    SmallRyeHealthReporter health;

    @ConfigProperty(name = "advisor.training-run", defaultValue = "false")
    boolean trainingRun;

    @ConfigProperty(name = "advisor.training-run.timeout", defaultValue = "PT3M")
    Duration timeout;

    void onStart(@Observes StartupEvent event) {
        if (!trainingRun) {
            return;
        }
        Thread waiter = new Thread(this::stopOnceReady, "training-run");
        waiter.setDaemon(true);
        waiter.start();
    }

    private void stopOnceReady() {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        try {
            // started: every startup observer returned (the rules' load among them) and the HTTP server listens
            while (!Application.currentApplication().isStarted() || health.getReadiness().isDown()) {
                if (System.nanoTime() > deadline) {
                    Log.errorf("Training run: not ready within %s; stopping without a clean start to archive", timeout);
                    Quarkus.asyncExit(1);
                    return;
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Log.infof("Training run: started and ready %d ms after its startup observer ran; stopping", (System.nanoTime() - started) / 1_000_000);
        Quarkus.asyncExit(0);
    }
}

package dev.transferadvisor.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** A reload warms its version up for the configured time only when requests would meet it cold. */
class ReloadWarmUpTest {

    private static final Duration CONFIGURED = Duration.ofMillis(200);

    @Test
    void whileRequestsComeTheNewVersionWarmsUpForTheConfiguredTime() {
        assertThat(RuleBase.reloadWarmUp(CONFIGURED, Duration.ofMillis(5).toNanos())).isEqualTo(CONFIGURED);
        assertThat(RuleBase.reloadWarmUp(CONFIGURED, RuleBase.TRAFFIC_WINDOW.toNanos() - 1)).isEqualTo(CONFIGURED);
    }

    @Test
    void onAnIdleServiceTheEditServesAfterOneRound() {
        assertThat(RuleBase.reloadWarmUp(CONFIGURED, RuleBase.TRAFFIC_WINDOW.toNanos())).isZero();
        assertThat(RuleBase.reloadWarmUp(CONFIGURED, Long.MAX_VALUE)).as("idle for long").isZero();
    }
}

package dev.transferadvisor.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The console's fallback session key: random, 256 bits, and only where nothing else sets one. */
class ConsoleSessionKeyTest {

    @Test
    void anUnconfiguredServiceGetsAStrongKeyOfItsOwn() {
        var config = new SmallRyeConfigBuilder().withSources(new ConsoleSessionKey()).build();
        String key = config.getValue(ConsoleSessionKey.KEY, String.class);
        assertThat(Base64.getDecoder().decode(key)).hasSize(32);
        assertThat(new ConsoleSessionKey().getValue(ConsoleSessionKey.KEY)).as("one key per process").isEqualTo(key);
    }

    @Test
    void aConfiguredKeyWins() {
        var config = new SmallRyeConfigBuilder().withSources(new ConsoleSessionKey(),
                new PropertiesConfigSource(Map.of(ConsoleSessionKey.KEY, "shared-by-every-replica-0123456789"), "operator", 100))
                .build();
        assertThat(config.getValue(ConsoleSessionKey.KEY, String.class)).isEqualTo("shared-by-every-replica-0123456789");
    }
}

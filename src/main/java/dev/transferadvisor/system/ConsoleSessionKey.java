package dev.transferadvisor.system;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * A random key for the console's session cookie where none is configured, made per process and never written
 * anywhere. Without it Quarkus makes one itself and logs it at WARN, and whoever reads the log could forge a
 * session for as long as the process runs. Any configured key wins (this source's ordinal is below every other):
 * {@code QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY}, shared by replicas (README, The console).
 */
public class ConsoleSessionKey implements ConfigSource {

    static final String KEY = "quarkus.http.auth.session.encryption-key";

    private static final String VALUE = random();

    private static String random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(KEY, VALUE);
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(KEY);
    }

    @Override
    public String getValue(String propertyName) {
        return KEY.equals(propertyName) ? VALUE : null;
    }

    @Override
    public String getName() {
        return "transfer-advisor per-process console session key";
    }

    @Override
    public int getOrdinal() {
        // below application.properties (250) and the defaults of extensions (100): only used where nothing is set
        return 10;
    }
}

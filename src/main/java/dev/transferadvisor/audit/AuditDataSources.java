package dev.transferadvisor.audit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * The keys operators know, {@code advisor.audit.jdbc-url}, {@code .username} and {@code .password},
 * turned into Quarkus datasource configuration at run time. One jar serves H2 or PostgreSQL, but a
 * Quarkus datasource's kind is fixed when the application is built; so there are two named
 * datasources, {@value #H2} and {@value #POSTGRESQL} (application.properties), and the URL activates
 * the one of its kind ({@code quarkus.datasource."<name>".active}) and gives it the URL and the
 * credentials. The other stays inactive: no pool, no connection, no Flyway. Quarkus keys set
 * explicitly win, as this source ranks below application.properties.
 */
public class AuditDataSources implements ConfigSourceFactory {

    static final String H2 = "audit-h2";
    static final String POSTGRESQL = "audit-postgresql";

    /** The same default as {@link AuditConfig#jdbcUrl()}, for a configuration that sets none. */
    private static final String DEFAULT_URL = "jdbc:h2:file:./data/advisor;COMPRESS=TRUE";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String url = value(context, "advisor.audit.jdbc-url");
        if (url == null) {
            url = DEFAULT_URL;
        }
        String active = nameFor(url);
        Map<String, String> properties = new HashMap<>();
        for (String name : List.of(H2, POSTGRESQL)) {
            properties.put("quarkus.datasource." + name + ".active", Boolean.toString(name.equals(active)));
        }
        if (active != null) {
            properties.put("quarkus.datasource." + active + ".jdbc.url", url);
            String user = value(context, "advisor.audit.username");
            if (user != null) {
                properties.put("quarkus.datasource." + active + ".username", user);
            }
            String password = value(context, "advisor.audit.password");
            if (password != null) {
                properties.put("quarkus.datasource." + active + ".password", password);
            }
        }
        return List.of(new PropertiesConfigSource(properties, "advisor.audit (AuditDataSources)", 200));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(200);
    }

    /** The datasource serving a URL, or null when it is neither H2 nor PostgreSQL. */
    static String nameFor(String url) {
        return url.startsWith("jdbc:h2:") ? H2 : url.startsWith("jdbc:postgresql:") ? POSTGRESQL : null;
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }
}

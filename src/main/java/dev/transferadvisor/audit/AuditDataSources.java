package dev.transferadvisor.audit;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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

    /**
     * The audit database where none is configured ({@link AuditConfig#jdbcUrl()} too): an H2 file that compresses
     * its pages (a record is mostly repetitive JSON) with a page cache of 4 MB, not H2's 16: H2 caches every page
     * it writes, so under load a 16 MB cache kept each page long enough to be promoted to the old generation and
     * die there, a full GC every 8 s; and without H2's background compaction (AUTO_COMPACT_FILL_RATE=0), which
     * under load rewrote and recompressed chunks continuously and drove p99 from ~50 to ~250 ms within minutes,
     * for about a fifth more bytes a diagnosis (README "Performance").
     */
    static final String DEFAULT_URL = "jdbc:h2:file:./data/advisor;COMPRESS=TRUE;CACHE_SIZE=4096;AUTO_COMPACT_FILL_RATE=0";

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
            properties.put("quarkus.datasource." + active + ".jdbc.url", closedByTheService(url));
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

    /**
     * An H2 file database closed by the service, not by H2's own shutdown hook ({@code DB_CLOSE_ON_EXIT=FALSE}
     * unless the URL says otherwise). H2's hook runs beside Quarkus' shutdown, so it closed the database while the
     * audit writer was still committing the last diagnoses and anchoring the tail: a clean stop under load answered
     * those diagnoses 503 and left the newest records unanchored (found by the bench; {@code .ci/reliability},
     * phase "stop"). The pool now closes the database when the writer has finished.
     */
    static String closedByTheService(String url) {
        if (!url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:mem:") || url.toUpperCase(Locale.ROOT).contains(";DB_CLOSE_ON_EXIT=")) {
            return url;
        }
        return url + ";DB_CLOSE_ON_EXIT=FALSE";
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

package dev.transferadvisor.audit;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;

/**
 * The audit database: a pool of connections (in the service, the Agroal datasource that
 * {@link AuditDataSources} activates for the URL's database) and its Flyway migrations, run on first
 * use and again after a failure, so that a service started while its database is down serves as soon
 * as the database is back. The group-commit writer holds one connection of the pool for itself.
 */
final class AuditDatabase {

    private final String url;
    private final DataSource dataSource;
    private final Flyway flyway;
    private volatile boolean migrated;

    /** The service's database: a pooled datasource and the Flyway configured for it (quarkus-flyway). */
    AuditDatabase(String url, DataSource dataSource, Flyway flyway) {
        this.url = requireKnown(url);
        this.dataSource = dataSource;
        this.flyway = flyway;
    }

    /** A database of its own, without a pool, for tests and tools that run outside the service. */
    AuditDatabase(AuditConfig config) {
        this.url = requireKnown(config.jdbcUrl());
        Properties credentials = new Properties();
        config.username().ifPresent(user -> credentials.setProperty("user", user));
        config.password().ifPresent(password -> credentials.setProperty("password", password));
        if (isPostgres()) {
            // a dead server must fail a commit, not hang it (the service sets the same on its datasource)
            credentials.putIfAbsent("connectTimeout", "5");
            credentials.putIfAbsent("socketTimeout", "30");
        }
        // the driver is named rather than looked up in DriverManager, which only sees drivers of the caller's class loader
        Driver driver = isH2() ? new org.h2.Driver() : new org.postgresql.Driver();
        this.dataSource = new DriverDataSource(driver, url, credentials);
        this.flyway = Flyway.configure(AuditDatabase.class.getClassLoader())
                .dataSource(dataSource)
                .locations(locations(isH2() ? "h2" : "postgresql"))
                .load();
    }

    /** Common migrations, then those of this database only (db/vendor/h2, db/vendor/postgresql). */
    static String[] locations(String vendor) {
        return new String[] { "classpath:db/migration", "classpath:db/vendor/" + vendor };
    }

    private static String requireKnown(String url) {
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("advisor.audit.jdbc-url must start with jdbc:h2: or jdbc:postgresql:, not " + url);
        }
        return url;
    }

    boolean isH2() {
        return url.startsWith("jdbc:h2:");
    }

    boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /**
     * Whether a record holds its fired rule ids and finding codes itself, as newline-delimited columns
     * ({@link RecordLabels}, db/vendor/h2 V9), or two indexed tables do, one row a value (PostgreSQL).
     */
    boolean labelsInRecord() {
        return isH2();
    }

    /** A file-backed H2 writes committed pages lazily; the writer forces them out after each batch. */
    boolean needsCheckpoint() {
        return isH2() && !url.startsWith("jdbc:h2:mem:");
    }

    /** The URL without credentials, for logs and health. */
    String describe() {
        int semicolon = url.indexOf(';');
        int question = url.indexOf('?');
        int cut = semicolon < 0 ? question : question < 0 ? semicolon : Math.min(semicolon, question);
        return cut < 0 ? url : url.substring(0, cut);
    }

    /** A connection, the schema migrated; autocommit off. Give it back with {@link #release}. */
    Connection open() throws SQLException {
        migrate();
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw e;
        }
        return connection;
    }

    /** Runs the migrations once per process, and again after a failure (the database may have been down). */
    void migrate() throws SQLException {
        if (migrated) {
            return;
        }
        synchronized (this) {
            if (migrated) {
                return;
            }
            try {
                flyway.migrate();
                migrated = true;
                Log.infof("Audit trail stored in %s", describe());
            } catch (RuntimeException e) {
                throw new SQLException("cannot migrate the audit database " + describe() + ": " + e.getMessage(), e);
            }
        }
    }

    /** A reader connection that answers; give it back with {@link #release}. */
    Connection borrow() throws SQLException {
        Connection connection = open();
        if (!connection.isValid(2)) {
            // idle since before a database restart: drop it and the other dead ones, then take a fresh one
            release(connection, true);
            connection = open();
        }
        return connection;
    }

    /**
     * Gives a connection back. One that failed ({@code broken}) is checked, and the pool drops it and
     * every idle connection that no longer answers: after a database restart they all are dead.
     */
    void release(Connection connection, boolean broken) {
        if (connection == null) {
            return;
        }
        try {
            if (!connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            broken = true;
        }
        closeQuietly(connection);
        if (broken && dataSource instanceof AgroalDataSource pool) {
            pool.flush(AgroalDataSource.FlushMode.INVALID);
        }
    }

    /** H2 keeps committed changes in memory for up to its write delay; a kill -9 would lose them. */
    void checkpoint(Connection connection) throws SQLException {
        if (needsCheckpoint()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT SYNC");
            }
        }
    }

    /** The pool belongs to Quarkus, which closes it; nothing of this class's own stays open. */
    void close() {
        // connections are closed as they are released
    }

    static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // already broken; nothing to keep
            }
        }
    }
}

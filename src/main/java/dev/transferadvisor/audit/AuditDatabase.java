package dev.transferadvisor.audit;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.flywaydb.core.Flyway;

import io.quarkus.logging.Log;

/**
 * The audit database behind plain JDBC, so that one jar serves H2 or PostgreSQL as the URL says at run
 * time. Migrates with Flyway on first use (and again after the database comes back), and keeps a few
 * idle connections for readers; the group-commit writer holds its own.
 */
final class AuditDatabase {

    private static final int IDLE_READERS = 4;

    private final String url;
    private final Properties credentials = new Properties();
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(IDLE_READERS);
    private volatile boolean migrated;

    AuditDatabase(AuditConfig config) {
        this.url = config.jdbcUrl();
        if (!isH2() && !isPostgres()) {
            throw new IllegalArgumentException("advisor.audit.jdbc-url must start with jdbc:h2: or jdbc:postgresql:, not "
                    + url);
        }
        config.username().ifPresent(user -> credentials.setProperty("user", user));
        config.password().ifPresent(password -> credentials.setProperty("password", password));
        if (isPostgres()) {
            // a dead server must fail a commit, not hang it
            credentials.putIfAbsent("connectTimeout", "5");
            credentials.putIfAbsent("socketTimeout", "30");
        }
    }

    boolean isH2() {
        return url.startsWith("jdbc:h2:");
    }

    boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
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

    /** A new connection, the schema migrated; autocommit off. */
    Connection open() throws SQLException {
        migrate();
        // the driver is named rather than looked up in DriverManager, which only sees drivers of the caller's class loader
        Driver driver = isH2() ? new org.h2.Driver() : new org.postgresql.Driver();
        Connection connection = driver.connect(url, credentials);
        if (connection == null) {
            throw new SQLException("no driver accepts " + describe());
        }
        connection.setAutoCommit(false);
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
                Flyway.configure(AuditDatabase.class.getClassLoader())
                        .dataSource(url, credentials.getProperty("user"), credentials.getProperty("password"))
                        // common migrations, then those of this database only (db/vendor/h2, db/vendor/postgresql)
                        .locations("classpath:db/migration", "classpath:db/vendor/" + (isH2() ? "h2" : "postgresql"))
                        .load()
                        .migrate();
                migrated = true;
                Log.infof("Audit trail stored in %s", describe());
            } catch (RuntimeException e) {
                throw new SQLException("cannot migrate the audit database " + describe() + ": " + e.getMessage(), e);
            }
        }
    }

    /** A reader connection from the idle set, or a new one; give it back with {@link #release}. */
    Connection borrow() throws SQLException {
        Connection connection = idle.poll();
        while (connection != null) {
            if (connection.isValid(2)) {
                return connection;
            }
            closeQuietly(connection);
            connection = idle.poll();
        }
        return open();
    }

    /** Returns a healthy reader connection to the idle set; closes it on {@code broken} or when the set is full. */
    void release(Connection connection, boolean broken) {
        if (connection == null) {
            return;
        }
        try {
            if (!broken && !connection.isClosed()) {
                connection.rollback();
                if (idle.offer(connection)) {
                    return;
                }
            }
        } catch (SQLException e) {
            // falls through to close
        }
        closeQuietly(connection);
    }

    /** H2 keeps committed changes in memory for up to its write delay; a kill -9 would lose them. */
    void checkpoint(Connection connection) throws SQLException {
        if (needsCheckpoint()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT SYNC");
            }
        }
    }

    void close() {
        Connection connection;
        while ((connection = idle.poll()) != null) {
            closeQuietly(connection);
        }
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

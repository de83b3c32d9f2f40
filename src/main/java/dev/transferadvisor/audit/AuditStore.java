package dev.transferadvisor.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.transferadvisor.system.ProblemException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.flyway.FlywayDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;

/**
 * The audit database and this instance's writer, and what every reader of the trail shares: a connection
 * per query, a store that cannot answer turned into a 503, stored JSON read back.
 */
@ApplicationScoped
class AuditStore {

    @Inject
    AuditConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    @Any
    Instance<AgroalDataSource> dataSources;

    @Inject
    @Any
    Instance<Flyway> flyways;

    private AuditDatabase database;
    private AuditWriter writer;
    private DictionaryTraining dictionaries;
    private ExecutorService trainer;
    private boolean stopped;

    @PostConstruct
    void start() {
        // the datasource AuditDataSources activated for the URL; the other one is inactive and never touched
        String name = AuditDataSources.nameFor(config.jdbcUrl());
        if (name == null) {
            throw new IllegalArgumentException("advisor.audit.jdbc-url must start with jdbc:h2: or jdbc:postgresql:, not "
                    + config.jdbcUrl());
        }
        database = new AuditDatabase(config.jdbcUrl(), dataSources.select(new DataSource.DataSourceLiteral(name)).get(),
                flyways.select(FlywayDataSource.FlywayDataSourceLiteral.of(name)).get());
        writer = new AuditWriter(database, config.maxBatch(), config.anchorInterval(), config.commitTimeout(), config.commitLinger(),
                config.commitLingerBatch());
        writer.start();
        trainer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "audit-dictionary-trainer");
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        });
        dictionaries = new DictionaryTraining(config.dictionarySamples(), trainer);
        try {
            database.migrate();
        } catch (SQLException e) {
            // not fatal: diagnoses answer 503 until the database is reachable, then it migrates and serves
            Log.errorf("The audit database is not available yet: %s", e.getMessage());
        }
    }

    /**
     * The writer commits what is queued and anchors the tail when the application stops, before the container
     * destroys its beans: at {@code @PreDestroy} alone, the datasource could be closed first (beans are destroyed in
     * no set order), taking the writer's connection and the final anchor with it.
     */
    void onShutdown(@Observes ShutdownEvent event) {
        stop();
    }

    @PreDestroy
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        trainer.shutdownNow();
        writer.stop();
        database.close();
    }

    /**
     * A diagnosis is being made whose record comes soon (see {@link AuditWriter#making()}); {@link #made()} must
     * follow, whether it comes or not.
     */
    void making() {
        writer.making();
    }

    void made() {
        writer.made();
    }

    /** Hands work to this instance's writer, which commits it in order, grouped (see {@link AuditWriter}). */
    void submit(AuditWriter.Work work) {
        writer.submit(work);
    }

    /** The dictionary to compress a text of this kind and ruleset version with, if there is one yet ({@link DictionaryTraining}). */
    CompressionDictionary dictionary(String kind, String version, byte[] text) {
        return dictionaries.forText(kind, version, text);
    }

    /** Compression dictionaries this instance has trained since start. */
    long dictionariesTrained() {
        return dictionaries.trained();
    }

    /** How long a diagnosis waits for its record before it is refused. */
    Duration commitTimeout() {
        return config.commitTimeout();
    }

    /** See {@link AuditDatabase#labelsInRecord()}. */
    boolean labelsInRecord() {
        return database.labelsInRecord();
    }

    Connection borrow() throws SQLException {
        return database.borrow();
    }

    void release(Connection connection, boolean broken) {
        database.release(connection, broken);
    }

    /** Whether the store answers now (readiness). */
    boolean reachable() {
        try {
            return read(db -> db.isValid(2));
        } catch (ProblemException e) {
            return false;
        }
    }

    String describe() {
        return database.describe();
    }

    /** Batches committed and diagnoses in them since start (group commit at work). */
    long[] committed() {
        return writer.committed();
    }

    int underWay() {
        return writer.underWay();
    }

    interface Query<T> {
        T run(Connection db) throws SQLException;
    }

    <T> T read(Query<T> query) {
        Connection db = null;
        boolean broken = false;
        try {
            db = database.borrow();
            return query.run(db);
        } catch (SQLException e) {
            broken = true;
            throw unavailable(e);
        } finally {
            database.release(db, broken);
        }
    }

    static void range(StringBuilder sql, List<Object> args, Instant from, Instant to) {
        if (from != null) {
            sql.append(" AND r.recorded_at >= ?");
            args.add(from.toEpochMilli());
        }
        if (to != null) {
            sql.append(" AND r.recorded_at < ?");
            args.add(to.toEpochMilli());
        }
    }

    static PreparedStatement prepare(Connection db, String sql, List<Object> args) throws SQLException {
        PreparedStatement statement = db.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            statement.setObject(i + 1, args.get(i));
        }
        return statement;
    }

    <T> T parse(byte[] json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored record is not valid JSON", e);
        }
    }

    <T> T parse(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a stored record is not valid JSON", e);
        }
    }

    <T> T parse(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a stored record is not valid JSON", e);
        }
    }

    String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a trace always serialises", e);
        }
    }

    private static final AtomicLong LAST_WARNED = new AtomicLong();

    static ProblemException unavailable(Throwable cause) {
        // the operator sees why clients got a 503, once in ten seconds at most (an outage refuses every
        // request); each one, with its stack trace, at debug level
        long now = System.nanoTime();
        long last = LAST_WARNED.get();
        if ((last == 0 || now - last > TimeUnit.SECONDS.toNanos(10)) && LAST_WARNED.compareAndSet(last, now)) {
            Log.warnf("Audit store unavailable, answering 503: %s", cause);
        }
        Log.debugf(cause, "Audit store unavailable");
        return new ProblemException(503, "audit-unavailable", "The audit trail is unavailable",
                "The answer cannot be recorded or read right now, so none is given; try again shortly.");
    }
}

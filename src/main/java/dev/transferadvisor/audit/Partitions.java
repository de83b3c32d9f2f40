package dev.transferadvisor.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.quarkus.logging.Log;

/**
 * The monthly partitions of the records table on PostgreSQL (Flyway V7 in db/vendor/postgresql): each
 * writer makes sure this month's and the next two exist, when it connects and then hourly, so a
 * record never waits for one. Should all writers be down over a month's turn, its records land in the
 * default partition, which loses nothing; the month's own partition then cannot be made until they
 * are moved out (logged).
 */
final class Partitions {

    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyy_MM");

    private Partitions() {
    }

    /** The partition that holds a month's records. */
    static String name(YearMonth month) {
        return "audit_record_" + month.format(SUFFIX);
    }

    static void ensureAhead(Connection db, Instant now) throws SQLException {
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        for (int ahead = 0; ahead <= 2; ahead++) {
            ensure(db, month.plusMonths(ahead));
        }
    }

    /** Makes a month's partition unless it exists; another writer making it at the same time is fine. */
    static void ensure(Connection db, YearMonth month) throws SQLException {
        String name = name(month);
        if (exists(db, name)) {
            return;
        }
        long from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        try (Statement create = db.createStatement()) {
            create.execute("CREATE TABLE IF NOT EXISTS " + name + " PARTITION OF audit_record FOR VALUES FROM (" + from + ") TO (" + to + ")");
            db.commit();
            Log.infof("Audit records of %s go to partition %s", month, name);
        } catch (SQLException e) {
            db.rollback();
            if (!exists(db, name)) {
                Log.warnf("Partition %s cannot be made (%s): that month's records stay in audit_record_default", name, e.getMessage());
            }
        }
    }

    private static boolean exists(Connection db, String name) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                boolean exists = rs.next() && rs.getBoolean(1);
                db.rollback();
                return exists;
            }
        }
    }
}

package dev.transferadvisor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A migration that has run anywhere is never edited, not even a comment: Flyway checksums the whole file and refuses
 * to start on a database that ran an earlier form of it ("Migration checksum mismatch"), so an operator's upgrade
 * would stop at startup. Each shipped migration is pinned here by its SHA-256; a new one is added to the list when it
 * is written, and a change goes into a new migration.
 */
class MigrationsUnchangedTest {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db");

    private static final Map<String, String> SHIPPED = Map.ofEntries(
            Map.entry("migration/V1__audit_trail.sql", "0e75f7342dd16706f6a034a6c866468ac0a5ba25439c3329d770512888b68ff0"),
            Map.entry("migration/V2__resident_trace.sql", "571fe8cce3431081a4a6042c50bedcd44e6ccae652adf6425e7d1b5539c889f4"),
            Map.entry("migration/V3__deflated_records.sql", "7e774712e22b8b671aa9e01c0e062083c1eddb7de15216cda2f0c1852b516422"),
            Map.entry("migration/V5__chains_per_instance.sql", "5c19b257af0fe074fac8a59390c12374e5db1ad8c2b6d7f8cd4dbcdbf00408de"),
            Map.entry("migration/V10__deflate_dictionaries.sql", "e39108e4562cea5bbcbcdcb0dede4453d58c255a52219fde42b454f930554748"),
            Map.entry("vendor/h2/V4__h2_without_scattered_indexes.sql", "a0d56590be696da214d630ee4dfd549f6e5f918d0f91651162efef87a49da829"),
            Map.entry("vendor/h2/V6__record_positions_past_existing.sql", "16feb1503253b6b4cad3e25c25984280e6e133c2ab8d2f514a938d90018d3188"),
            Map.entry("vendor/h2/V8__anchor_reads_from_indexes.sql", "37ba132b67176540fed4c52c6ea96f4867382ca857eeb2ebc93aec346993fb9c"),
            Map.entry("vendor/h2/V9__fired_rules_in_the_record.sql", "d490e8aaf724d535ac541827d6fbfe062914f7ee7a89a7651ad8ab2e59ab2a39"),
            Map.entry("vendor/postgresql/V6__record_positions_past_existing.sql", "1ab2d835fe57431bf44509b97547beb924bf169c3e08202653231059309ec5a4"),
            Map.entry("vendor/postgresql/V7__records_partitioned_by_month.sql", "d164a4b718e97960f7fc240de66e2faa6e201a64c5f2ead401fdf56a3b104e0d"));

    @Test
    void noShippedMigrationChangesAndEveryMigrationIsPinned() throws IOException {
        Map<String, String> found = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MIGRATIONS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                found.put(MIGRATIONS.relativize(file).toString().replace('\\', '/'), Chain.sha256Hex(Files.readAllBytes(file)));
            }
        }
        assertThat(found).as("""
                SQL migrations under %s and their SHA-256. A shipped one differs: restore it and put the change in a new \
                migration (Flyway refuses to start on a database that ran the old form). Or a new one is missing from \
                MigrationsUnchangedTest.SHIPPED: add it there with its digest""", MIGRATIONS)
                .containsExactlyInAnyOrderEntriesOf(SHIPPED);
    }
}

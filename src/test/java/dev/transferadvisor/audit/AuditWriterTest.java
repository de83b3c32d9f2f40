package dev.transferadvisor.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.transferadvisor.audit.AuditWriter.RecordWork;

/** The group-commit writer on its own, against a private in-memory H2. */
class AuditWriterTest {

    private final AuditDatabase database = new AuditDatabase(
            ManyWritersContract.config("jdbc:h2:mem:writer-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", Optional.empty()));

    private final AuditWriter writer = new AuditWriter(database, 256);

    @AfterEach
    void stop() {
        writer.stop();
        database.close();
    }

    private static RecordWork record(String rule) {
        return record(rule, "v1");
    }

    private static RecordWork record(String rule, String version) {
        String id = UUID.randomUUID().toString();
        return new RecordWork(id, 0, "client", "ref", version, StoredText.compress("{}"), null, StoredText.compress("{\"id\":\"" + id + "\"}"), null,
                Chain.contentDigest(id, 0, "client", "ref", version, "{}", "{}"), Set.of(rule), Set.of("CODE"),
                new CompletableFuture<>());
    }

    @Test
    void diagnosesThatArriveTogetherShareOneCommit() throws Exception {
        List<RecordWork> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            records.add(record("rule/" + i));
            writer.submit(records.get(i));
        }
        writer.start(); // all 50 were waiting when the writer first looked
        for (RecordWork work : records) {
            work.committed().get(10, TimeUnit.SECONDS);
        }
        assertThat(writer.committed()).containsExactly(1, 50);
    }

    @Test
    void oneUnstorableRecordDoesNotFailTheOthersInItsBatch() throws Exception {
        RecordWork good = record("rule/ok");
        RecordWork bad = record("rule/bad", "v".repeat(65)); // longer than the ruleset version column holds
        RecordWork alsoGood = record("rule/ok-too");
        writer.submit(good);
        writer.submit(bad);
        writer.submit(alsoGood);
        writer.start();
        good.committed().get(10, TimeUnit.SECONDS);
        alsoGood.committed().get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> bad.committed().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThat(writer.committed()[1]).isEqualTo(2);
    }

    /** A writer whose commits may wait a minute for diagnoses being made: long enough that waiting shows. */
    private AuditWriter lingering() {
        return new AuditWriter(database, 256, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(1), 16);
    }

    /** Submits a record made while another diagnosis is still being made, and sees its commit held for that one. */
    private static void submitWhileAnotherIsBeingMade(AuditWriter grouping, RecordWork record) throws InterruptedException {
        grouping.making(); // this record's diagnosis
        grouping.making(); // the other one
        grouping.submit(record);
        grouping.made();
        Thread.sleep(300);
        assertThat(record.committed()).as("held for the diagnosis still being made").isNotDone();
    }

    @Test
    void aCommitWaitsForTheDiagnosesBeingMade() throws Exception {
        AuditWriter grouping = lingering();
        try {
            grouping.start();
            RecordWork first = record("rule/first");
            RecordWork second = record("rule/second");
            submitWhileAnotherIsBeingMade(grouping, first);
            // as AuditTrail does: the record is handed over, then its diagnosis is made
            grouping.submit(second);
            grouping.made();
            first.committed().get(10, TimeUnit.SECONDS);
            second.committed().get(10, TimeUnit.SECONDS);
            assertThat(grouping.committed()).containsExactly(1, 2);
        } finally {
            grouping.stop();
        }
    }

    @Test
    void aDiagnosisThatFailsIsNotWaitedFor() throws Exception {
        AuditWriter grouping = lingering();
        try {
            grouping.start();
            RecordWork recorded = record("rule/recorded");
            submitWhileAnotherIsBeingMade(grouping, recorded); // the other will fail (an invalid case, a rule that throws)
            grouping.made(); // failed: no record comes
            recorded.committed().get(10, TimeUnit.SECONDS); // not the minute of the linger
            assertThat(grouping.committed()).containsExactly(1, 1);
        } finally {
            grouping.stop();
        }
    }

    @Test
    void aLoneDiagnosisCommitsAtOnce() throws Exception {
        AuditWriter grouping = lingering();
        try {
            grouping.start();
            RecordWork lone = record("rule/lone");
            grouping.making();
            grouping.submit(lone);
            grouping.made();
            lone.committed().get(10, TimeUnit.SECONDS); // not the minute of the linger
            assertThat(grouping.committed()).containsExactly(1, 1);
        } finally {
            grouping.stop();
        }
    }
}

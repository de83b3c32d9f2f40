package dev.transferadvisor.audit;

import static dev.transferadvisor.system.TestUsers.asAuditor;
import static dev.transferadvisor.system.TestUsers.asAuthor;
import static dev.transferadvisor.system.TestUsers.asClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * What auditors rely on, run against each database the service supports (subclasses choose the
 * database by test profile). Tests do not assume an empty store: they find their own records.
 */
abstract class AuditTrailContract {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Skips (with a message) when the subclass's database is not there. */
    @BeforeEach
    void databaseIsThere() {
    }

    static String exampleCase() {
        try (InputStream in = AuditTrailContract.class.getResourceAsStream("/cases/api-example.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The example case under another reference, keeping the rest byte for byte. */
    static String caseWithReference(String reference) {
        return exampleCase().replace("\"team-a/xray-run-17\"", "\"" + reference + "\"");
    }

    static Response diagnose(String body) {
        return asClient().contentType(ContentType.JSON).body(body)
                .when().post("/api/diagnoses")
                .then().statusCode(201).extract().response();
    }

    static Connection jdbc() throws SQLException {
        var config = ConfigProvider.getConfig();
        String url = config.getValue("advisor.audit.jdbc-url", String.class);
        Optional<String> user = config.getOptionalValue("advisor.audit.username", String.class);
        Optional<String> password = config.getOptionalValue("advisor.audit.password", String.class);
        var properties = new java.util.Properties();
        user.ifPresent(u -> properties.setProperty("user", u));
        password.ifPresent(p -> properties.setProperty("password", p));
        return url.startsWith("jdbc:h2:") ? new org.h2.Driver().connect(url, properties)
                : new org.postgresql.Driver().connect(url, properties);
    }

    @Test
    void recordsTheRequestAsReceivedTheAnswerTheTraceAndEachFiredRulesSource() throws Exception {
        // odd spacing and key order on purpose: the record must keep the body byte for byte
        String body = "{ \"target\": {\"labeledExamples\": 1200, \"modality\": \"IMAGE\"},\n"
                + "  \"source\": {\"modality\": \"TEXT\"}, \"reference\": \"audit/as-received\" }";
        Response created = diagnose(body);
        String id = created.path("id");
        JsonNode answered = JSON.readTree(created.asString());

        Response record = asAuditor().when().get("/api/audit/" + id)
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("id", equalTo(id))
                .body("principal", equalTo("client"))
                .body("reference", equalTo("audit/as-received"))
                .body("rulesetVersion", equalTo(answered.path("rulesetVersion").asText()))
                .body("requestBody", equalTo(body))
                .body("request.source.modality", equalTo("TEXT"))
                .body("hash", notNullValue())
                .body("previousHash", notNullValue())
                .extract().response();
        JsonNode view = JSON.readTree(record.asString());
        assertThat(view.path("diagnosis")).isEqualTo(answered);
        assertThat(view.path("trace")).isEqualTo(answered.path("trace"));
        assertThat(view.path("trace").size()).isPositive();

        Set<String> firedIds = new TreeSet<>();
        answered.path("trace").forEach(step -> firedIds.add(step.path("rule").asText()));
        Set<String> withSource = new TreeSet<>();
        for (JsonNode rule : view.path("firedRules")) {
            withSource.add(rule.path("id").asText());
            assertThat(rule.path("source").asText()).as(rule.path("id").asText())
                    .startsWith("rule ").contains("then").endsWith("end\n");
        }
        assertThat(withSource).isEqualTo(firedIds);
        assertThat(view.path("firedRules").findValuesAsText("id"))
                .contains("negative-transfer/signal-unrelated-modalities");
    }

    @Test
    void aDiagnosisReadsBackAsAnswered() throws Exception {
        Response created = diagnose(exampleCase());
        String id = created.path("id");
        String stored = asClient().when().get("/api/diagnoses/" + id).then().statusCode(200).extract().asString();
        assertThat(JSON.readTree(stored)).isEqualTo(JSON.readTree(created.asString()));
    }

    @Test
    void verifyHoldsOnAnUntouchedStoreAndNamesTheRecordAlteredBehindTheServicesBack() throws Exception {
        diagnose(exampleCase());
        String victim = diagnose(exampleCase()).path("id");
        diagnose(exampleCase());
        asAuditor().when().get("/api/audit/verify")
                .then().statusCode(200)
                .body("valid", equalTo(true))
                .body("firstBrokenId", nullValue())
                .body("records", org.hamcrest.Matchers.greaterThanOrEqualTo(3));

        try (Connection db = jdbc()) {
            String original = storedDiagnosis(db, victim);
            String forged = original.replace("\"PARTIAL_FINE_TUNING\"", "\"FULL_FINE_TUNING\"");
            assertThat(forged).isNotEqualTo(original);
            update(db, victim, forged);
            try {
                asAuditor().when().get("/api/audit/verify")
                        .then().statusCode(200)
                        .body("valid", equalTo(false))
                        .body("firstBrokenId", equalTo(victim))
                        .body("problem", notNullValue());
            } finally {
                update(db, victim, original); // later tests share this store
            }
        }
        asAuditor().when().get("/api/audit/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void verifyWalksATrailLongerThanOneReadAndNamesABreakOnALaterOne() throws Exception {
        int before = asAuditor().when().get("/api/audit/verify").then().statusCode(200).extract().path("records");
        String victim = null;
        for (int i = 0; i < 210; i++) { // verify reads 200 records at a time
            String id = diagnose(exampleCase()).path("id");
            if (i == 205) {
                victim = id;
            }
        }
        asAuditor().when().get("/api/audit/verify")
                .then().statusCode(200).body("valid", equalTo(true)).body("records", equalTo(before + 210));
        // the export reads the store in pages too: every record once, each chain in its order (one chain per
        // service start: the test JVM's store outlives the application between test profiles)
        String[] lines = asAuditor().when().get("/api/audit/export").then().statusCode(200).extract().asString().split("\n");
        assertThat(lines).hasSize(before + 210);
        Map<String, JsonNode> lastOfChain = new HashMap<>();
        for (int i = 0; i < lines.length; i++) {
            JsonNode line = JSON.readTree(lines[i]);
            JsonNode previous = lastOfChain.put(line.path("chain").asText(), line);
            if (previous != null) {
                assertThat(line.path("chainPosition").asLong()).as("line %d follows its chain", i + 1)
                        .isEqualTo(previous.path("chainPosition").asLong() + 1);
                assertThat(line.path("previousHash").asText()).as("line %d links to the one before it in its chain", i + 1)
                        .isEqualTo(previous.path("hash").asText());
            }
        }
        try (Connection db = jdbc()) {
            String original = storedDiagnosis(db, victim);
            update(db, victim, original.replace("\"PARTIAL_FINE_TUNING\"", "\"ZERO_SHOT\""));
            try {
                asAuditor().when().get("/api/audit/verify")
                        .then().statusCode(200).body("valid", equalTo(false)).body("firstBrokenId", equalTo(victim))
                        .body("records", equalTo(before + 210));
            } finally {
                update(db, victim, original); // later tests share this store
            }
        }
    }

    @Test
    void verifyReportsEachChainAndTheAnchorsAndStartsFromAnAnchorOnRequest() throws Exception {
        String id = diagnose(exampleCase()).path("id");
        String chain = asAuditor().when().get("/api/audit/" + id).then().statusCode(200).extract().path("chain");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asAuditor().when().get("/api/audit/verify")
                .then().statusCode(200)
                .body("valid", equalTo(true))
                .body("chains.find { it.chain == '" + chain + "' }.valid", equalTo(true))
                .body("anchors.valid", equalTo(true))
                .body("anchors.latest", notNullValue()));
        int latest = asAuditor().when().get("/api/audit/verify").then().extract().path("anchors.latest");
        asAuditor().when().get("/api/audit/verify?fromAnchor=" + latest)
                .then().statusCode(200).body("valid", equalTo(true)).body("fromAnchor", equalTo(latest));
        asAuditor().when().get("/api/audit/verify?fromAnchor=first")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("fromAnchor"));
        asAuditor().when().get("/api/audit/verify?fromAnchor=" + (latest + 1000))
                .then().statusCode(404).contentType("application/problem+json").body("detail", containsString("no anchor"));
    }

    private static String storedDiagnosis(Connection db, String id) throws SQLException {
        try (PreparedStatement read = db.prepareStatement("SELECT diagnosis, diagnosis_deflated, diagnosis_dictionary FROM audit_record WHERE id = ?")) {
            read.setString(1, id);
            try (ResultSet rs = read.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return StoredText.read(rs, "diagnosis");
            }
        }
    }

    /** Alters a stored diagnosis behind the service's back, as records are stored: compressed. */
    private static void update(Connection db, String id, String diagnosis) throws SQLException {
        storeRaw(db, id, StoredText.compress(diagnosis));
    }

    private static void storeRaw(Connection db, String id, byte[] compressed) throws SQLException {
        try (PreparedStatement write = db.prepareStatement("UPDATE audit_record SET diagnosis_deflated = ? WHERE id = ?")) {
            write.setBytes(1, compressed);
            write.setString(2, id);
            assertThat(write.executeUpdate()).isEqualTo(1);
        }
        if (!db.getAutoCommit()) {
            db.commit();
        }
    }

    @Test
    void storesRecordsDeflatedAndStillReadsAndVerifiesRecordsStoredAsTextBeforeThat() throws Exception {
        Response answered = diagnose(exampleCase());
        String id = answered.path("id");
        String answer = answered.asString();
        try (Connection db = jdbc()) {
            String request;
            String diagnosis;
            try (PreparedStatement read = db.prepareStatement("SELECT request_body, request_body_deflated, request_body_dictionary,"
                    + " diagnosis, diagnosis_deflated, diagnosis_dictionary FROM audit_record WHERE id = ?")) {
                read.setString(1, id);
                try (ResultSet rs = read.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString("diagnosis")).as("diagnosis text column of a new record").isNull();
                    assertThat(rs.getBytes("diagnosis_deflated").length).as("bytes stored for a diagnosis of " + answer.length()
                            + " characters").isLessThan(answer.length() / 3);
                    request = StoredText.read(rs, "request_body");
                    diagnosis = StoredText.read(rs, "diagnosis");
                }
            }
            assertThat(request).isEqualTo(exampleCase());

            // the same record as a store migrated from V2 holds it: text columns, nothing compressed
            try (PreparedStatement legacy = db.prepareStatement("UPDATE audit_record SET request_body = ?, diagnosis = ?,"
                    + " request_body_deflated = NULL, diagnosis_deflated = NULL, request_body_dictionary = NULL,"
                    + " diagnosis_dictionary = NULL WHERE id = ?")) {
                legacy.setString(1, request);
                legacy.setString(2, diagnosis);
                legacy.setString(3, id);
                assertThat(legacy.executeUpdate()).isEqualTo(1);
            }
            if (!db.getAutoCommit()) {
                db.commit();
            }
        }
        asClient().when().get("/api/diagnoses/" + id).then().statusCode(200).body("id", equalTo(id))
                .body("recommendation.strategy", equalTo(answered.path("recommendation.strategy")));
        asAuditor().when().get("/api/audit/" + id).then().statusCode(200).body("request.reference", equalTo("team-a/xray-run-17"));
        asAuditor().when().get("/api/audit/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void verifyNamesARecordWhoseStoredBytesNoLongerDecompress() throws Exception {
        String victim = diagnose(exampleCase()).path("id");
        diagnose(exampleCase());
        try (Connection db = jdbc()) {
            byte[] original = StoredText.compress(storedDiagnosis(db, victim));
            storeRaw(db, victim, Arrays.copyOf(original, original.length / 2));
            try {
                asAuditor().when().get("/api/audit/verify").then().statusCode(200)
                        .body("valid", equalTo(false)).body("firstBrokenId", equalTo(victim))
                        .body("problem", containsString("its stored content cannot be decompressed"))
                        .body("chains.find { it.firstBrokenId == '" + victim + "' }.problem",
                                startsWith("its stored content cannot be decompressed: the stored text is cut short or altered"));
            } finally {
                storeRaw(db, victim, original);
            }
        }
        asAuditor().when().get("/api/audit/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void compressesAVersionsLaterRecordsWithADictionaryTrainedOnItsFirstAndStillVerifiesThemAndNamesAnAlteredOne()
            throws Exception {
        // the test profile trains after 4 records of a version; training runs in the background
        String id = null;
        String reference = null;
        String dictionary = null;
        for (int i = 0; i < 40 && dictionary == null; i++) {
            reference = "audit/dictionary-" + i;
            id = diagnose(caseWithReference(reference)).path("id");
            dictionary = storedColumn(id, "diagnosis_dictionary");
            if (dictionary == null) {
                Thread.sleep(50);
            }
        }
        assertThat(dictionary).as("a diagnosis compressed against a dictionary after 40 of one version").isNotNull();
        // requests get one too unless the version's first were too short to train one (DictionaryTrainingTest)
        assertThat(storedColumn(id, "request_body_dictionary")).as("the request's dictionary").isNotEqualTo(dictionary);
        io.restassured.RestAssured.given().when().get("/q/health/ready").then()
                .body("checks.find { it.name == 'audit-trail' }.data.dictionariesTrained", greaterThanOrEqualTo(1));

        String answered = asClient().when().get("/api/diagnoses/" + id).then().statusCode(200).extract().asString();
        try (Connection db = jdbc()) {
            assertThat(JSON.readTree(answered)).isEqualTo(JSON.readTree(storedDiagnosis(db, id)));
            try (PreparedStatement read = db.prepareStatement("SELECT diagnosis_deflated FROM audit_record WHERE id = ?")) {
                read.setString(1, id);
                try (ResultSet rs = read.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBytes(1).length).as("bytes stored with the dictionary")
                            .isLessThan(StoredText.compress(storedDiagnosis(db, id)).length * 3 / 4);
                }
            }
        }
        asAuditor().when().get("/api/audit/" + id).then().statusCode(200)
                .body("diagnosis.id", equalTo(id)).body("request.reference", equalTo(reference));
        asAuditor().when().get("/api/audit/verify").then().statusCode(200).body("valid", equalTo(true));

        try (Connection db = jdbc()) {
            byte[] original = dictionaryContent(db, dictionary);
            byte[] altered = original.clone();
            altered[altered.length - 1] ^= 1;
            storeDictionary(db, dictionary, altered);
            try {
                asAuditor().when().get("/api/audit/verify").then().statusCode(200)
                        .body("valid", equalTo(false))
                        .body("problem", containsString("its compression dictionary " + dictionary + " has been altered"));
            } finally {
                storeDictionary(db, dictionary, original);
            }
        }
        asAuditor().when().get("/api/audit/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    private static String storedColumn(String id, String column) throws SQLException {
        try (Connection db = jdbc(); PreparedStatement read = db.prepareStatement("SELECT " + column + " FROM audit_record WHERE id = ?")) {
            read.setString(1, id);
            try (ResultSet rs = read.executeQuery()) {
                assertThat(rs.next()).as("record " + id).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static byte[] dictionaryContent(Connection db, String id) throws SQLException {
        try (PreparedStatement read = db.prepareStatement("SELECT content FROM audit_dictionary WHERE id = ?")) {
            read.setString(1, id);
            try (ResultSet rs = read.executeQuery()) {
                assertThat(rs.next()).as("dictionary " + id + " stored").isTrue();
                return rs.getBytes(1);
            }
        }
    }

    private static void storeDictionary(Connection db, String id, byte[] content) throws SQLException {
        try (PreparedStatement write = db.prepareStatement("UPDATE audit_dictionary SET content = ? WHERE id = ?")) {
            write.setBytes(1, content);
            write.setString(2, id);
            assertThat(write.executeUpdate()).isEqualTo(1);
        }
        if (!db.getAutoCommit()) {
            db.commit();
        }
    }

    @Test
    void listsNewestFirstFilteredByReferenceRuleCodeAndTimeInCursorPages() {
        Instant before = Instant.now().minusSeconds(1);
        String reference = "audit/paging-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(diagnose(caseWithReference(reference)).path("id"));
        }
        Response first = asAuditor().queryParam("reference", reference).queryParam("limit", 2)
                .when().get("/api/audit")
                .then().statusCode(200)
                .body("items", hasSize(2))
                .body("items[0].id", equalTo(ids.get(2)))
                .body("items[1].id", equalTo(ids.get(1)))
                .body("items[0].reference", equalTo(reference))
                .body("items[0].principal", equalTo("client"))
                .body("items[0].strategy", equalTo("PARTIAL_FINE_TUNING"))
                .body("items[0].findings", hasItem("NEGATIVE_TRANSFER"))
                .body("nextCursor", notNullValue())
                .extract().response();
        asAuditor().queryParam("reference", reference).queryParam("limit", 2)
                .queryParam("cursor", first.<String>path("nextCursor"))
                .when().get("/api/audit")
                .then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(ids.get(0)))
                .body("nextCursor", nullValue());

        asAuditor().queryParam("reference", reference).queryParam("rule", "preprocessing-mismatch/normalization-mean-differs")
                .when().get("/api/audit").then().statusCode(200).body("items", hasSize(3));
        asAuditor().queryParam("reference", reference).queryParam("code", "PREPROCESSING_MISMATCH")
                .when().get("/api/audit").then().statusCode(200).body("items", hasSize(3));
        asAuditor().queryParam("reference", reference).queryParam("code", "NO_SUCH_CODE")
                .when().get("/api/audit").then().statusCode(200).body("items", hasSize(0));
        asAuditor().queryParam("reference", reference).queryParam("rule", "no-such/rule")
                .when().get("/api/audit").then().statusCode(200).body("items", hasSize(0));
        asAuditor().queryParam("reference", reference).queryParam("from", before.toString())
                .queryParam("to", Instant.now().plusSeconds(60).toString())
                .when().get("/api/audit").then().statusCode(200).body("items", hasSize(3));
        asAuditor().queryParam("reference", reference).queryParam("from", Instant.now().plusSeconds(60).toString())
                .when().get("/api/audit").then().statusCode(200).body("items", hasSize(0));
        asAuditor().queryParam("reference", reference).queryParam("to", before.toString())
                .when().get("/api/audit").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void badQueryParametersAreProblems() {
        asAuditor().queryParam("from", "yesterday").when().get("/api/audit")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("from"));
        asAuditor().queryParam("limit", 0).when().get("/api/audit")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("limit"));
        asAuditor().queryParam("cursor", "abc").when().get("/api/audit")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("cursor"));
        asAuditor().when().get("/api/audit/00000000-0000-7000-8000-000000000000")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void valuesLongerThanAnyStoredOneFindNothingInsteadOfFailingTheDatabase() {
        // each longer than its column: a database comparing them to the column's type refused the query
        String long1 = "x".repeat(1_500);
        asAuditor().queryParam("rule", long1).queryParam("code", long1).queryParam("reference", long1).when().get("/api/audit")
                .then().statusCode(200).body("items", hasSize(0));
        asAuditor().when().get("/api/audit/" + long1)
                .then().statusCode(404).contentType("application/problem+json");
        asClient().when().get("/api/diagnoses/" + long1)
                .then().statusCode(404).contentType("application/problem+json");
        asAuditor().when().get("/api/rulesets/" + long1)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void exportsTheTimeRangeAsJsonLinesInTheAgreedFormat() throws Exception {
        Instant from = Instant.now().minusSeconds(1);
        String reference = "audit/export-" + UUID.randomUUID();
        Response created = diagnose(caseWithReference(reference));
        String id = created.path("id");

        String lines = asAuditor().queryParam("from", from.toString())
                .queryParam("to", Instant.now().plusSeconds(60).toString())
                .when().get("/api/audit/export")
                .then().statusCode(200).contentType("application/jsonl")
                .extract().asString();
        JsonNode mine = null;
        for (String line : lines.split("\n")) {
            JsonNode record = JSON.readTree(line);
            assertThat(iterable(record.fieldNames())).containsExactly("id", "recordedAt", "principal", "reference",
                    "rulesetVersion", "request", "diagnosis", "hash", "previousHash", "chain", "chainPosition");
            if (record.path("id").asText().equals(id)) {
                mine = record;
            }
        }
        assertThat(mine).as("the new record is in the export").isNotNull();
        assertThat(mine.path("reference").asText()).isEqualTo(reference);
        assertThat(mine.path("principal").asText()).isEqualTo("client");
        assertThat(mine.path("request")).isEqualTo(JSON.readTree(caseWithReference(reference)));
        assertThat(mine.path("diagnosis")).isEqualTo(JSON.readTree(created.asString()));
        assertThat(Instant.parse(mine.path("recordedAt").asText())).isAfterOrEqualTo(from);

        String none = asAuditor().queryParam("from", Instant.now().plusSeconds(60).toString())
                .when().get("/api/audit/export").then().statusCode(200).extract().asString();
        assertThat(none).isEmpty();
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void keepsTheReferenceDataFiringsWithTheVersionAndOutOfEveryRecord() {
        var answer = diagnose(exampleCase());
        String version = answer.path("rulesetVersion");
        asAuditor().when().get("/api/rulesets/" + version)
                .then().statusCode(200)
                .body("residentTrace.rule", hasItem("thresholds/thresholds-in-force"))
                .body("residentTrace.find { it.rule == 'thresholds/thresholds-in-force' }.inserted",
                        hasItem("Threshold{name=data.smallMax, value=5000.0}"));
        List<String> caseRules = answer.path("trace.rule");
        assertThat(caseRules).isNotEmpty().noneMatch(rule -> rule.startsWith("thresholds/"));
        // a case firing that matched a reference fact still names it
        List<List<String>> matched = answer.path("trace.matched");
        assertThat(matched).anyMatch(facts -> facts.contains("Threshold{name=data.smallMax, value=5000.0}"));
    }

    @Test
    void servesEveryFileOfTheServingRulesetVersion() {
        String version = diagnose(exampleCase()).path("rulesetVersion");
        List<String> served = asAuthor().when().get("/api/rules").then().statusCode(200).extract().path("files.path");
        asAuditor().when().get("/api/rulesets/" + version)
                .then().statusCode(200)
                .body("version", equalTo(version))
                .body("files.path", org.hamcrest.Matchers.containsInAnyOrder(served.toArray()))
                .body("files.find { it.path == 'pitfalls/negative-transfer.drl' }.content",
                        org.hamcrest.Matchers.containsString("rule \"signal: unrelated modalities\""))
                .body("rules.id", hasItem("negative-transfer/signal-unrelated-modalities"));
        asAuditor().when().get("/api/rulesets").then().statusCode(200).body("version", hasItem(version));
        asAuditor().when().get("/api/rulesets/" + "0".repeat(64))
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void recordsEveryReloadWithWhoTriggeredIt() {
        asAuthor().when().post("/api/rules/reload").then().statusCode(200);
        // the writer stores history before the records queued after it: once this diagnosis is in, so is the reload
        diagnose(exampleCase());
        List<JsonNode> reloads = asAuditor().when().get("/api/rulesets/reloads")
                .then().statusCode(200).extract().jsonPath().getList("$", JsonNode.class);
        assertThat(reloads).anySatisfy(reload -> {
            assertThat(reload.path("trigger").asText()).isEqualTo("api:author");
            assertThat(reload.path("outcome").asText()).isEqualTo("UNCHANGED");
        });
        assertThat(reloads).anySatisfy(reload -> {
            assertThat(reload.path("trigger").asText()).isEqualTo("startup");
            assertThat(reload.path("outcome").asText()).isEqualTo("APPLIED");
        });
    }
}

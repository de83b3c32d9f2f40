package dev.transferadvisor.audit;

import static dev.transferadvisor.system.TestUsers.asAuditor;
import static dev.transferadvisor.system.TestUsers.asClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;

import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The database goes away and comes back: a real H2 server over TCP, stopped and started again on the
 * same port and files. The shared PostgreSQL cannot be stopped by a test; the service's side (a
 * broken connection, then a fresh one) is the same.
 */
@QuarkusTest
@TestProfile(AuditOutageTest.RemoteH2.class)
class AuditOutageTest {

    /** An H2 server of its own, its port and files fixed for the whole JVM (profiles load in several class loaders). */
    public static class RemoteH2 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("advisor.audit.jdbc-url", "jdbc:h2:tcp://127.0.0.1:" + port() + "/audit",
                    "advisor.audit.commit-timeout", "PT20S");
        }
    }

    static String port() {
        return System.getProperties().computeIfAbsent("advisor.test.h2-port", key -> {
            try (ServerSocket socket = new ServerSocket(0)) {
                return Integer.toString(socket.getLocalPort());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toString();
    }

    static String baseDir() {
        return System.getProperties().computeIfAbsent("advisor.test.h2-dir", key -> {
            try {
                return Files.createTempDirectory(Path.of("target"), "audit-outage-").toAbsolutePath().toString();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toString();
    }

    private static Server server;

    static void startDatabase() throws SQLException {
        server = Server.createTcpServer("-tcpPort", port(), "-baseDir", baseDir(), "-ifNotExists").start();
    }

    static void stopDatabase() {
        server.stop();
        server = null;
    }

    @AfterAll
    static void shutDown() {
        if (server != null) {
            stopDatabase();
        }
    }

    private static int post() {
        return asClient().contentType(ContentType.JSON).body(AuditTrailContract.exampleCase())
                .when().post("/api/diagnoses").then().extract().statusCode();
    }

    @Test
    void diagnosesAnswer503WhileTheDatabaseIsDownAndRecoverByThemselves() throws Exception {
        // the service started before its database: diagnoses were refused, and it did not fail to start
        assertThat(post()).isEqualTo(503);

        startDatabase();
        String first = asClient().contentType(ContentType.JSON).body(AuditTrailContract.exampleCase())
                .when().post("/api/diagnoses").then().statusCode(201).extract().path("id");

        stopDatabase();
        asClient().contentType(ContentType.JSON).body(AuditTrailContract.exampleCase())
                .when().post("/api/diagnoses")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("status", equalTo(503))
                .body("type", equalTo("https://transfer-advisor.dev/problems/audit-unavailable"));
        asClient().when().get("/api/diagnoses/" + first).then().statusCode(503).contentType("application/problem+json");
        asAuditor().when().get("/api/audit/verify").then().statusCode(503).contentType("application/problem+json");

        startDatabase();
        String second = asClient().contentType(ContentType.JSON).body(AuditTrailContract.exampleCase())
                .when().post("/api/diagnoses").then().statusCode(201).extract().path("id");
        asClient().when().get("/api/diagnoses/" + first).then().statusCode(200);
        asAuditor().when().get("/api/audit/" + second).then().statusCode(200);
        // exactly the two answered diagnoses are there: the refused ones left nothing behind
        asAuditor().when().get("/api/audit/verify")
                .then().statusCode(200)
                .body("valid", equalTo(true))
                .body("records", equalTo(2));
        // the startup reload, queued while the database was down, was stored once it came back
        asAuditor().when().get("/api/rulesets/reloads").then().statusCode(200).body("trigger",
                org.hamcrest.Matchers.hasItem("startup"));
    }
}

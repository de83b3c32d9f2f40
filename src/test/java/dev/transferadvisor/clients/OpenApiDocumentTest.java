package dev.transferadvisor.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The OpenAPI document as generators read it. Clients are generated at build time from
 * {@code src/test/openapi/openapi.json}; this test keeps that file identical to what {@code /q/openapi}
 * serves, so the generated clients the other tests in this package drive are the ones a client team gets.
 */
@QuarkusTest
class OpenApiDocumentTest {

    static final Path SNAPSHOT = Path.of("src/test/openapi/openapi.json");
    static final Path SERVED_COPY = Path.of("target/openapi/openapi.json");
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static JsonNode served() throws IOException {
        return MAPPER.readTree(RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString());
    }

    @Test
    void theClientsAreGeneratedFromTheDocumentTheServiceServes() throws IOException {
        JsonNode served = served();
        if (!served.equals(MAPPER.readTree(SNAPSHOT.toFile()))) {
            Files.createDirectories(SERVED_COPY.getParent());
            Files.writeString(SERVED_COPY, MAPPER.writeValueAsString(served) + "\n");
            fail("The served OpenAPI document differs from " + SNAPSHOT + ", which the build generates the clients from."
                    + " If the change is meant, review it and copy " + SERVED_COPY + " over " + SNAPSHOT);
        }
    }

    @Test
    void everyOperationHasAnIdThatReadsAsAMethodNameAndATag() throws IOException {
        List<String> ids = new ArrayList<>();
        served().get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            JsonNode op = operation.getValue();
            assertThat(op.path("operationId").asText()).as(operation.getKey() + " " + path.getKey()).matches("[a-z][A-Za-z]+");
            assertThat(op.path("tags")).as(operation.getKey() + " " + path.getKey() + " tags").isNotEmpty();
            // roles are not OAuth2 scopes: HTTP Basic requirements list none (linters reject them)
            op.path("security").forEach(requirement -> requirement.forEach(scopes ->
                    assertThat(scopes).as(operation.getKey() + " " + path.getKey() + " security scopes").isEmpty()));
            ids.add(op.get("operationId").asText());
        }));
        assertThat(ids).doesNotHaveDuplicates()
                .contains("createDiagnosis", "getDiagnosis", "listAuditRecords", "getAuditRecord", "verifyAuditChain", "getRules",
                        "reloadRules", "getRulesetVersion");
    }

    @Test
    void everySchemaIsPreciseAndNoJacksonTypeLeaksIn() throws IOException {
        JsonNode document = served();
        assertThat(document.path("servers")).as("servers").isNotEmpty();
        List<String> names = new ArrayList<>();
        document.path("components").path("schemas").fieldNames().forEachRemaining(names::add);
        assertThat(names).noneMatch(name -> name.startsWith("JsonNode") || name.startsWith("ObjectNode"));
        List<String> untypedArrays = new ArrayList<>();
        walk(document, "", untypedArrays);
        assertThat(untypedArrays).as("array schemas without items").isEmpty();
        // what a successful call answers is described, so generated methods return a model, not nothing
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            JsonNode responses = operation.getValue().get("responses");
            boolean described = false;
            for (Map.Entry<String, JsonNode> response : iterable(responses)) {
                described |= response.getKey().startsWith("2") && response.getValue().has("content");
            }
            assertThat(described).as(operation.getKey() + " " + path.getKey() + " describes its success").isTrue();
        }));
    }

    private static void walk(JsonNode node, String where, List<String> untypedArrays) {
        if (node.isObject()) {
            JsonNode type = node.get("type");
            boolean array = type != null && (type.asText().equals("array") || type.isArray() && type.toString().contains("\"array\""));
            if (array && (!node.has("items") || node.get("items").isEmpty())) {
                untypedArrays.add(where);
            }
            node.fields().forEachRemaining(field -> walk(field.getValue(), where + "/" + field.getKey(), untypedArrays));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), where + "/" + i, untypedArrays);
            }
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}

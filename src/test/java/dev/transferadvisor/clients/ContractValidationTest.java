package dev.transferadvisor.clients;

import static dev.transferadvisor.system.TestUsers.asClient;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** The contract validation every REST test runs under is on, and catches what the document does not say. */
@QuarkusTest
class ContractValidationTest {

    @Test
    void everyRestAssuredRequestIsValidated() {
        assertThat(RestAssured.filters()).contains(ContractValidation.FILTER);
    }

    @Test
    void anAnswerTheDocumentDoesNotDescribeFailsTheTest() {
        // a body whose field has the wrong type is fine to send (requests are not validated), and its 400 is documented
        asClient().contentType(ContentType.JSON).body("{\"source\": 1}").post("/api/diagnoses").then().statusCode(400);

        // what the validator says of answers the service could send by mistake
        assertThat(errors(response(200, "{\"id\": 5, \"findings\": \"none\"}"))).contains("validation.response.body.schema.type");
        assertThat(errors(response(418, "{}"))).contains("validation.response.status.unknown");
        assertThat(errors(response(200, "{\"id\": \"01\", \"findings\": [], \"trace\": []}"))).isEqualTo("[]");
    }

    private static SimpleResponse response(int status, String body) {
        return SimpleResponse.Builder.status(status).withContentType("application/json").withBody(body).build();
    }

    private static String errors(SimpleResponse response) {
        ValidationReport report = ContractValidation.VALIDATOR.validateResponse("/api/diagnoses/01", Request.Method.GET, response);
        return report.getMessages().stream().map(ValidationReport.Message::getKey).toList().toString();
    }
}

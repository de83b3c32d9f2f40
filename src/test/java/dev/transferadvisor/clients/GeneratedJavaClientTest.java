package dev.transferadvisor.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import dev.transferadvisor.client.ApiClient;
import dev.transferadvisor.client.ApiException;
import dev.transferadvisor.client.ApiResponse;
import dev.transferadvisor.client.api.AuditApi;
import dev.transferadvisor.client.api.DiagnosesApi;
import dev.transferadvisor.client.api.RulesApi;
import dev.transferadvisor.client.model.AuditPage;
import dev.transferadvisor.client.model.AuditRecord;
import dev.transferadvisor.client.model.Diagnosis;
import dev.transferadvisor.client.model.Modality;
import dev.transferadvisor.client.model.Problem;
import dev.transferadvisor.client.model.ProblemError;
import dev.transferadvisor.client.model.RulesStatus;
import dev.transferadvisor.client.model.Source;
import dev.transferadvisor.client.model.Target;
import dev.transferadvisor.client.model.TransferCase;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The Java client OpenAPI Generator makes from the served document ({@code -g java --library native}, its
 * defaults; see the openapi-generator plugin in the pom), used as a client team would use it.
 */
@QuarkusTest
class GeneratedJavaClientTest {

    @TestHTTPResource("/")
    URL service;

    /** A generated client for one of the %test profile's users (passwords are their names). */
    ApiClient as(String user) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(service.toString().replaceAll("/$", ""));
        String credentials = Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
        client.setRequestInterceptor(request -> request.header("Authorization", "Basic " + credentials));
        return client;
    }

    /** Only the required fields set: everything else stays as the generated model initialises it. */
    static TransferCase minimalCase(long labeledExamples) {
        return new TransferCase()
                .source(new Source().modality(Modality.IMAGE))
                .target(new Target().modality(Modality.IMAGE).labeledExamples(labeledExamples));
    }

    @Test
    void aMinimalCaseIsDiagnosedReadBackAndAudited() throws ApiException {
        DiagnosesApi diagnoses = new DiagnosesApi(as("client"));
        ApiResponse<Diagnosis> created = diagnoses.createDiagnosisWithHttpInfo(minimalCase(300), null);
        assertThat(created.getStatusCode()).isEqualTo(201);
        Diagnosis diagnosis = created.getData();
        assertThat(diagnosis.getId()).isNotBlank();
        assertThat(diagnosis.getRecommendation().getAlternatives()).isNotEmpty();
        assertThat(diagnosis.getTrace()).isNotEmpty();

        Diagnosis again = diagnoses.getDiagnosis(diagnosis.getId(), null);
        assertThat(again.getId()).isEqualTo(diagnosis.getId());
        assertThat(again.getRecommendation().getStrategy()).isEqualTo(diagnosis.getRecommendation().getStrategy());
        assertThat(again.getFindings()).isEqualTo(diagnosis.getFindings());

        AuditApi audit = new AuditApi(as("auditor"));
        AuditPage page = audit.listAuditRecords(null, null, null, 50, null, null, null);
        assertThat(page.getItems()).anySatisfy(item -> assertThat(item.getId()).isEqualTo(diagnosis.getId()));
        AuditRecord record = audit.getAuditRecord(diagnosis.getId());
        assertThat(record.getDiagnosis().getId()).isEqualTo(diagnosis.getId());
        // the case as received, as JSON: {"source": …, "target": {"labeledExamples": 300, …}, …}
        assertThat(record.getRequest()).extractingByKey("target").asString().contains("labeledExamples=300");
        assertThat(record.getTrace()).hasSameSizeAs(diagnosis.getTrace());
        assertThat(audit.verifyAuditChain(null).getValid()).isTrue();
    }

    @Test
    void anInvalidCaseIsA400WhoseErrorsNameTheField() throws Exception {
        ApiClient client = as("client");
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> new DiagnosesApi(client).createDiagnosis(minimalCase(-5), null));
        assertThat(e.getCode()).isEqualTo(400);
        Problem problem = client.getObjectMapper().readValue(e.getResponseBody(), Problem.class);
        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getErrors()).extracting(ProblemError::getField).contains("/target/labeledExamples");
    }

    @Test
    void anAuthorReadsTheRulesAndAClientMayNot() throws ApiException {
        RulesStatus rules = new RulesApi(as("author")).getRules();
        assertThat(rules.getVersion()).matches("[0-9a-f]{64}");
        assertThat(rules.getRules()).isNotEmpty();
        ApiException forbidden = catchThrowableOfType(ApiException.class, () -> new RulesApi(as("client")).getRules());
        assertThat(forbidden.getCode()).isEqualTo(403);
    }
}

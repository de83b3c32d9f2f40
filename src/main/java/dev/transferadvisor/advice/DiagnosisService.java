package dev.transferadvisor.advice;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Validator;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.transferadvisor.ruleset.Evaluation;
import dev.transferadvisor.ruleset.RuleBase;
import dev.transferadvisor.system.ProblemException;
import io.quarkus.runtime.configuration.MemorySize;

/** Diagnoses a case: validates it, evaluates it on the serving ruleset, records it, answers. */
@ApplicationScoped
public class DiagnosisService {

    @Inject
    RuleBase ruleBase;

    @Inject
    DiagnosisLog log;

    /** Largest case body accepted; larger ones are answered 413. */
    @ConfigProperty(name = "advisor.diagnoses.max-body-size", defaultValue = "1M")
    MemorySize maxBodySize;

    private final CaseReader reader;

    @Inject
    DiagnosisService(Validator validator) {
        this.reader = new CaseReader(validator);
    }

    public Diagnosis diagnose(byte[] body, String principal) {
        if (body != null && body.length > maxBodySize.asLongValue()) {
            throw new ProblemException(413, "body-too-large", "The case is too large",
                    "The body has " + body.length + " bytes; the limit is " + maxBodySize.asLongValue());
        }
        TransferCase transferCase;
        try {
            transferCase = reader.read(body);
        } catch (InvalidCaseException e) {
            throw new ProblemException(400, e.malformed() ? "malformed-json" : "invalid-case",
                    e.malformed() ? "The request body is not valid JSON" : "The case is invalid", e.getMessage(), e.errors());
        }
        Evaluation evaluation = ruleBase.evaluate(Advisor.facts(transferCase));
        Diagnosis diagnosis = Advisor.diagnosis(evaluation, Ids.next(), transferCase.reference(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        log.record(new DiagnosisLog.Entry(diagnosis, new String(body, StandardCharsets.UTF_8), principal));
        return diagnosis;
    }

    public Optional<Diagnosis> find(String id) {
        return log.find(id);
    }
}

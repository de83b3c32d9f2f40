package dev.transferadvisor.workbench;

import java.time.Instant;

import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.transferadvisor.advice.Advisor;
import dev.transferadvisor.advice.CaseReader;
import dev.transferadvisor.advice.Diagnosis;
import dev.transferadvisor.advice.TransferCase;
import dev.transferadvisor.ruleset.Ruleset;

/** Reads and diagnoses cases outside the service, with the same reader and advisor the service uses. */
final class Cases {

    /** JSON as the service writes it: ISO-8601 instants. */
    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final CaseReader reader;

    Cases() {
        // no expression language outside the application: messages are plain constraint texts
        Validator validator = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();
        this.reader = new CaseReader(validator);
    }

    CaseReader reader() {
        return reader;
    }

    /** Diagnoses a valid case on a ruleset; throws InvalidCaseException or RuleEvaluationException as the service would. */
    static Diagnosis diagnose(TransferCase transferCase, Ruleset ruleset, String id, Instant at) {
        return Advisor.diagnosis(ruleset.evaluate(Advisor.facts(transferCase), Rules.MAX_FIRINGS), id, transferCase.reference(), at);
    }
}

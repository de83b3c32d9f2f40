package dev.transferadvisor.advice;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Validator;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.transferadvisor.ruleset.RuleBase;
import dev.transferadvisor.ruleset.RuleEvaluationException;
import dev.transferadvisor.system.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.MemorySize;

/**
 * Diagnoses a case over HTTP: limits the body's size, runs the {@link Diagnoser} on the serving rule
 * base, turns an invalid case or a broken rule into a problem answer, records the diagnosis, answers.
 */
@ApplicationScoped
public class DiagnosisService {

    // answers carry their time to the whole millisecond, read once the evaluation is done
    private static final Clock ANSWER_CLOCK = Clock.tickMillis(ZoneOffset.UTC);

    @Inject
    RuleBase ruleBase;

    @Inject
    DiagnosisLog log;

    // the application's mapper, the one Quarkus REST writes answers with
    @Inject
    ObjectMapper mapper;

    /** Largest case body accepted; larger ones are answered 413. */
    @ConfigProperty(name = "advisor.diagnoses.max-body-size", defaultValue = "1M")
    MemorySize maxBodySize;

    private final Diagnoser diagnoser;

    @Inject
    DiagnosisService(Validator validator) {
        this.diagnoser = new Diagnoser(validator);
    }

    /** A diagnosis recorded and ready to send: its id and its JSON, the very bytes the audit trail keeps. */
    public record Answered(String id, byte[] json) {
    }

    /**
     * Diagnoses a request body and records the diagnosis. The answer is serialised here, once, and those
     * bytes are what the audit trail hashes and keeps and what the client receives.
     */
    public Answered diagnose(byte[] body, String principal) {
        if (body != null && body.length > maxBodySize.asLongValue()) {
            throw new ProblemException(413, "body-too-large", "The case is too large",
                    "The body has " + body.length + " bytes; the limit is " + maxBodySize.asLongValue());
        }
        Diagnosis diagnosis;
        try {
            // the rule base, not a bare ruleset, evaluates: it picks the serving version and counts firings
            diagnosis = diagnoser.diagnose(body, ruleBase::evaluate, Ids.next(), ANSWER_CLOCK);
        } catch (InvalidCaseException e) {
            throw new ProblemException(400, e.malformed() ? "malformed-json" : "invalid-case",
                    e.malformed() ? "The request body is not valid JSON" : "The case is invalid", e.getMessage(), e.errors());
        } catch (RuleEvaluationException e) {
            // mapped here and not in system/, which knows no feature; the log keeps the stack trace
            Log.errorf(e, "Evaluation failed in rule %s", e.rule());
            throw new ProblemException(500, e.loop() ? "rule-firing-limit" : "rule-failed",
                    e.loop() ? "A rule kept firing past the limit" : "A rule failed while evaluating the case",
                    e.getMessage() + ". The case was valid; the rule's author has to fix the rule.");
        }
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(diagnosis);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a diagnosis always serialises", e);
        }
        log.record(new DiagnosisLog.Entry(diagnosis, json, body, principal));
        return new Answered(diagnosis.id(), json);
    }

    public Optional<Diagnosis> find(String id) {
        return log.find(id);
    }
}

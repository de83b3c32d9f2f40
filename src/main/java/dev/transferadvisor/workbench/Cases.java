package dev.transferadvisor.workbench;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.transferadvisor.advice.Diagnoser;
import dev.transferadvisor.advice.Diagnosis;
import dev.transferadvisor.advice.TransferCase;
import dev.transferadvisor.ruleset.RulesConfig;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.ruleset.WhyNot;

/** Reads and diagnoses cases outside the service, through the same pipeline the service uses. */
final class Cases {

    /** JSON as the service writes it: ISO-8601 instants. */
    static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final Diagnoser diagnoser = Diagnoser.standalone();

    /** Reads a case file; throws InvalidCaseException naming every bad field, as the service answers 400. */
    TransferCase read(byte[] body) {
        return diagnoser.read(body);
    }

    /** Reads a recorded request (an audit export line's {@code request}) with the same checks. */
    TransferCase read(JsonNode tree) {
        return diagnoser.read(tree);
    }

    /** Why each rule of {@code ruleIds} did or did not fire on a valid case. */
    List<WhyNot.Report> whyNot(TransferCase transferCase, Ruleset ruleset, List<String> ruleIds) {
        return diagnoser.whyNot(transferCase, ruleset, ruleIds, RulesConfig.DEFAULT_MAX_FIRINGS);
    }

    /** Diagnoses a valid case on a ruleset; throws RuleEvaluationException as the service would. */
    Diagnosis diagnose(TransferCase transferCase, Ruleset ruleset, String id, Instant at) {
        return diagnoser.diagnose(transferCase, Diagnoser.Engine.of(ruleset, RulesConfig.DEFAULT_MAX_FIRINGS), id, Clock.fixed(at, ZoneOffset.UTC));
    }
}

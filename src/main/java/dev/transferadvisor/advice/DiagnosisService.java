package dev.transferadvisor.advice;

import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.validation.Validator;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.transferadvisor.ruleset.RuleBase;
import dev.transferadvisor.ruleset.RuleEvaluationException;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.ruleset.WhyNot;
import dev.transferadvisor.system.ProblemException;
import dev.transferadvisor.system.ThreadBuffer;
import dev.transferadvisor.system.ThreadCpu;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;

/**
 * Diagnoses a case over HTTP: limits the body's size, runs the {@link Diagnoser} on the serving rule
 * base, turns an invalid case or a broken rule into a problem answer, records the diagnosis, answers.
 */
@ApplicationScoped
public class DiagnosisService {

    // answers carry their time to the whole millisecond, read once the evaluation is done
    private static final Clock ANSWER_CLOCK = Clock.tickMillis(ZoneOffset.UTC);

    /**
     * Where each thread serialises its answers: {@code writeValueAsBytes} grew a builder block by block for every
     * answer (~55 KB) and copied the blocks into the result, 16% of the service's allocation under load (JFR).
     * Written here, the answer is copied out once at its exact size; a buffer that one huge answer grew is not kept.
     */
    private static final ThreadBuffer.Local ANSWER_BUFFERS = new ThreadBuffer.Local(64 * 1024);

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

    // the request threads' CPU time by step over the diagnoses answered, for /q/metrics: where a diagnosis's CPU goes,
    // measured where it is spent rather than estimated from a profiler's samples (README Performance)
    private final LongAdder caseCpu = new LongAdder();
    private final LongAdder answerCpu = new LongAdder();
    private final LongAdder recordCpu = new LongAdder();
    private final LongAdder answered = new LongAdder();

    @Inject
    DiagnosisService(Validator validator) {
        this.diagnoser = new Diagnoser(validator);
    }

    /** A diagnosis recorded and ready to send: its id and its JSON, the very bytes the audit trail keeps. */
    public record Answered(String id, byte[] json, Diagnosis diagnosis) {
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
        byte[] json;
        // the log may hold a commit for this diagnosis while it is being made (group commit), until its record is
        // handed over or it fails
        DiagnosisLog.Pending pending = log.begin();
        long started = ThreadCpu.nanos();
        long evaluated;
        long written;
        try {
            diagnosis = evaluate(body);
            evaluated = ThreadCpu.nanos();
            json = serialise(diagnosis);
            written = ThreadCpu.nanos();
        } catch (RuntimeException | Error e) {
            pending.close(); // no record comes: no commit waits for one
            throw e;
        }
        log.record(new DiagnosisLog.Entry(diagnosis, json, body, principal), pending);
        // counted once answered: a rejected case or an unavailable audit trail is not a diagnosis's cost
        caseCpu.add(evaluated - started);
        answerCpu.add(written - evaluated);
        recordCpu.add(ThreadCpu.nanos() - written);
        answered.increment();
        return new Answered(diagnosis.id(), json, diagnosis);
    }

    private Diagnosis evaluate(byte[] body) {
        try {
            // the rule base, not a bare ruleset, evaluates: it picks the serving version and counts firings
            return diagnoser.diagnose(body, ruleBase::evaluate, Ids.next(), ANSWER_CLOCK);
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
    }

    /**
     * {@code advisor_diagnosis_cpu_seconds_total{step}}: the request threads' CPU by step of the diagnoses answered —
     * {@code case} (reading and checking the case, evaluating it, assembling the answer), {@code answer} (writing
     * its JSON), {@code record} (compressing and hashing the audit record and handing it over; the wait for the
     * commit takes none) — and {@code advisor_diagnoses_answered_total}. Rates of the two give the CPU a diagnosis
     * costs in each step; {@code advisor_rules_evaluation_cpu_seconds_total} is the evaluation's part of
     * {@code case}. Registered at start, so every series exists from 0.
     */
    void registerMeters(@Observes StartupEvent start, MeterRegistry registry) {
        cpu(registry, "case", caseCpu);
        cpu(registry, "answer", answerCpu);
        cpu(registry, "record", recordCpu);
        FunctionCounter.builder("advisor.diagnoses.answered", answered, LongAdder::sum)
                .description("Diagnoses answered (evaluated, recorded and sent) since start").register(registry);
    }

    private static void cpu(MeterRegistry registry, String step, LongAdder nanos) {
        FunctionCounter.builder("advisor.diagnosis.cpu", nanos, adder -> adder.sum() / 1e9).baseUnit("seconds")
                .description("CPU time of the request threads by step of the diagnoses answered, since start")
                .tag("step", step).register(registry);
    }

    private byte[] serialise(Diagnosis diagnosis) {
        try (ThreadBuffer buffer = ANSWER_BUFFERS.take()) {
            mapper.writeValue(buffer, diagnosis);
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("a diagnosis always serialises", e);
        }
    }

    public Optional<Diagnosis> find(String id) {
        return log.find(id);
    }

    /**
     * Why a rule did or did not fire on a recorded diagnosis's case, on the version that serves now (an
     * author asks about the rules as they are, typically right after an edit); the answer says which
     * version the diagnosis was made with.
     */
    @Schema(name = "WhyNotAnswer")
    public record WhyNotAnswer(String diagnosis,
            @Schema(description = "The version the question was answered on: the one serving now") String rulesetVersion,
            @Schema(description = "The version the diagnosis was made with") String diagnosedWithVersion,
            WhyNot.Report report) {
    }

    public WhyNotAnswer whyNot(String id, String ruleId) {
        Diagnosis diagnosis = find(id).orElseThrow(() -> notFound(id));
        byte[] request = log.request(id).orElseThrow(() -> notFound(id));
        Ruleset ruleset = ruleBase.current();
        if (ruleset.rules().stream().noneMatch(rule -> rule.id().equals(ruleId))) {
            throw new ProblemException(404, "rule-not-found", "No such rule",
                    "Version " + ruleset.version() + " has no rule with the id " + ruleId + " (GET /api/rules lists them)");
        }
        TransferCase transferCase;
        try {
            transferCase = diagnoser.read(request);
        } catch (InvalidCaseException e) {
            // recorded cases were valid when they were answered; a model change since may reject one
            throw new ProblemException(409, "case-no-longer-valid", "The recorded case no longer reads as a valid case",
                    e.getMessage(), e.errors());
        }
        List<WhyNot.Report> reports;
        try {
            reports = diagnoser.whyNot(transferCase, facts -> ruleBase.whyNot(ruleset, facts, List.of(ruleId)));
        } catch (RuleEvaluationException e) {
            Log.errorf(e, "Why-not evaluation failed in rule %s", e.rule());
            throw new ProblemException(500, e.loop() ? "rule-firing-limit" : "rule-failed",
                    "The case could not be evaluated for the question", e.getMessage());
        }
        return new WhyNotAnswer(id, ruleset.version(), diagnosis.rulesetVersion(), reports.get(0));
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(404, "diagnosis-not-found", "No such diagnosis", "No diagnosis has the id " + id);
    }
}

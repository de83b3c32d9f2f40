package dev.transferadvisor.advice;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

import jakarta.validation.Validation;
import jakarta.validation.Validator;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import com.fasterxml.jackson.databind.JsonNode;

import dev.transferadvisor.ruleset.Evaluation;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.ruleset.WhyNot;

/**
 * The one path from a case to its diagnosis: read (and validate) the case, turn it into facts,
 * evaluate them, assemble the answer. The service, the scenario runner, the workbench and the
 * benchmarks all diagnose through it, so none of them can drift from what the others answer. Plain
 * Java, without CDI; what differs between callers is only which {@link Engine} evaluates, and what
 * each does with an invalid case ({@link InvalidCaseException}) or a broken rule
 * ({@link dev.transferadvisor.ruleset.RuleEvaluationException}), both of which it lets through.
 */
public final class Diagnoser {

    /** Evaluates a case's facts: on one ruleset with a firing limit, or on the rule base that serves. */
    @FunctionalInterface
    public interface Engine {

        Evaluation evaluate(Collection<?> facts);

        /** One compiled ruleset, stopping at {@code maxFirings}: what scenarios, workbench and benchmarks run on. */
        static Engine of(Ruleset ruleset, int maxFirings) {
            return facts -> ruleset.evaluate(facts, maxFirings);
        }
    }

    private final CaseReader reader;

    public Diagnoser(Validator validator) {
        this.reader = new CaseReader(validator);
    }

    /**
     * A diagnoser with its own validator, for use outside the application (workbench, tests,
     * benchmarks): constraint messages are plain texts, without the expression language.
     */
    public static Diagnoser standalone() {
        Validator validator = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();
        return new Diagnoser(validator);
    }

    /** Reads a request body into a valid case; throws {@link InvalidCaseException} naming every bad field. */
    public TransferCase read(byte[] body) {
        return reader.read(body);
    }

    /** Reads a case given as a JSON tree (scenario files, audit exports) with the same checks as a body. */
    public TransferCase read(JsonNode tree) {
        return reader.read(tree);
    }

    /**
     * Read and facts only, for evaluating without an answer to assemble: warming a new ruleset version up
     * before it serves.
     */
    public List<Object> facts(byte[] body) {
        return Advisor.facts(read(body));
    }

    /** Read, facts, evaluate, assemble: the whole path for a request body. */
    public Diagnosis diagnose(byte[] body, Engine engine, String id, Clock clock) {
        return diagnose(read(body), engine, id, clock);
    }

    /** Read, facts, evaluate, assemble: the whole path for a case given as a JSON tree. */
    public Diagnosis diagnose(JsonNode tree, Engine engine, String id, Clock clock) {
        return diagnose(read(tree), engine, id, clock);
    }

    /**
     * Why each of {@code ruleIds} did or did not fire on a case already read, on one compiled ruleset: the
     * case's facts go through {@link WhyNot} (the same facts {@link #diagnose} evaluates).
     */
    public List<WhyNot.Report> whyNot(TransferCase transferCase, Ruleset ruleset, List<String> ruleIds, int maxFirings) {
        return whyNot(transferCase, facts -> WhyNot.explain(ruleset, facts, ruleIds, Diagnoser.class.getClassLoader(), maxFirings));
    }

    /**
     * The same, asked of whoever answers why-not questions on facts: the service's rule base, which compiles the probes
     * on its compile thread and keeps them for the next question.
     */
    public List<WhyNot.Report> whyNot(TransferCase transferCase, Function<Collection<?>, List<WhyNot.Report>> asker) {
        return asker.apply(Advisor.facts(transferCase));
    }

    /**
     * Facts, evaluate, assemble, for a case already read. The time of the answer is read from
     * {@code clock} once the evaluation is done.
     */
    public Diagnosis diagnose(TransferCase transferCase, Engine engine, String id, Clock clock) {
        Evaluation evaluation = engine.evaluate(Advisor.facts(transferCase));
        return Advisor.diagnosis(evaluation, id, transferCase.reference(), clock.instant());
    }
}

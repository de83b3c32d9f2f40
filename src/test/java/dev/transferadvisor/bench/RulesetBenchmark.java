package dev.transferadvisor.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.transferadvisor.advice.Advisor;
import dev.transferadvisor.advice.AnswerJson;
import dev.transferadvisor.advice.Diagnoser;
import dev.transferadvisor.advice.Diagnosis;
import dev.transferadvisor.ruleset.Evaluation;
import dev.transferadvisor.ruleset.RulesConfig;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.ruleset.RulesetCompiler;
import dev.transferadvisor.ruleset.RulesetCompiler.Compilation;

/**
 * The engine's budgets, measured on the shipped rules: one evaluation of the API example case, the
 * whole diagnosis path without HTTP (the service's {@link Diagnoser}: read, validate, evaluate,
 * assemble), and one compile of rules/.
 * Run with {@code ./mvnw -B -Pbench verify}; results are written down in the README.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class RulesetBenchmark {

    private static final Clock EPOCH = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

    Ruleset ruleset;
    List<Object> facts;
    byte[] body;
    Diagnoser diagnoser;
    Diagnoser.Engine engine;
    RulesetCompiler compiler;
    RulesetCompiler reloads; // keeps the module of its last compile, as the service does
    Map<String, String> sources;
    long edits;
    Diagnosis answer;
    ObjectMapper answers;
    ObjectMapper plainAnswers;

    @Setup
    public void setUp() throws IOException {
        compiler = new RulesetCompiler(getClass().getClassLoader());
        sources = RulesetCompiler.readSources(Path.of("rules"));
        Compilation compilation = compiler.compile("rules", sources);
        if (!compilation.succeeded()) {
            throw new IllegalStateException("rules do not compile: " + compilation.errors());
        }
        ruleset = compilation.ruleset();
        reloads = new RulesetCompiler(getClass().getClassLoader()).incrementally();
        reloads.compile("rules", sources).ruleset().release();
        diagnoser = Diagnoser.standalone();
        engine = Diagnoser.Engine.of(ruleset, RulesConfig.DEFAULT_MAX_FIRINGS);
        try (var in = getClass().getResourceAsStream("/cases/api-example.json")) {
            body = in.readAllBytes();
        }
        facts = Advisor.facts(diagnoser.read(body));
        answer = diagnoser.diagnose(body, engine, "bench", EPOCH);
        plainAnswers = JsonMapper.builder().findAndAddModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        answers = plainAnswers.copy();
        new AnswerJson().customize(answers);
        if (!java.util.Arrays.equals(answers.writeValueAsBytes(answer), plainAnswers.writeValueAsBytes(answer))) {
            throw new IllegalStateException("the answer's bytes differ with the metadata written from its JSON");
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Evaluation evaluateApiExample() {
        return ruleset.evaluate(facts, RulesConfig.DEFAULT_MAX_FIRINGS);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Diagnosis diagnoseApiExampleWithoutHttp() {
        return diagnoser.diagnose(body, engine, "bench", EPOCH);
    }

    /** The API example's answer written as the service writes it (the rules' metadata from JSON made once). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] writeApiExampleAnswer() throws IOException {
        return answers.writeValueAsBytes(answer);
    }

    /** The same with Jackson's defaults alone, for comparison. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] writeApiExampleAnswerPlainJackson() throws IOException {
        return plainAnswers.writeValueAsBytes(answer);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 10, batchSize = 1)
    @Measurement(iterations = 20, batchSize = 1)
    public Compilation compileShippedRules() {
        return compileAndRelease(compiler, sources);
    }

    /** The file {@link #reloadOneFile} edits, as an author would. */
    static final String EDITED_FILE = "pitfalls/overfitting-risk.drl";

    /**
     * One author's edit of one file, as a reload builds it: the shipped sources with one file changed by an
     * appended comment carrying a counter, so every invocation is a new version, rebuilt from that file alone
     * on the module of the compile before (RulesetCompiler#incrementally), to a ruleset with its first warm session.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 10, batchSize = 1)
    @Measurement(iterations = 20, batchSize = 1)
    public Compilation reloadOneFile() {
        Compilation compilation = compileAndRelease(reloads, edited());
        if (!reloads.lastIncremental()) {
            throw new IllegalStateException("the edit was compiled in full: " + reloads.lastObstacle());
        }
        return compilation;
    }

    /** The same edit compiled in full, as every reload was until the service rebuilt incrementally. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 10, batchSize = 1)
    @Measurement(iterations = 20, batchSize = 1)
    public Compilation reloadOneFileInFull() {
        return compileAndRelease(compiler, edited());
    }

    private Map<String, String> edited() {
        String original = sources.get(EDITED_FILE);
        if (original == null) {
            throw new IllegalStateException("no " + EDITED_FILE + " in rules/ to edit");
        }
        Map<String, String> edited = new LinkedHashMap<>(sources);
        edited.put(EDITED_FILE, original + "\n// bench edit " + ++edits + "\n");
        return edited;
    }

    /** One compile as a reload makes it; the ruleset is released at once, as a replaced version would be. */
    private Compilation compileAndRelease(RulesetCompiler compiler, Map<String, String> rules) {
        Compilation compilation = compiler.compile("rules", rules);
        if (!compilation.succeeded()) {
            throw new IllegalStateException("the rules do not compile: " + compilation.errors());
        }
        compilation.ruleset().release();
        return compilation;
    }
}

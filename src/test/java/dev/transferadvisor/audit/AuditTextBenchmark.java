package dev.transferadvisor.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

import dev.transferadvisor.advice.Diagnoser;
import dev.transferadvisor.ruleset.RulesConfig;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.ruleset.RulesetCompiler;

/**
 * What storing the API example's answer costs the request thread: compressed as records are now (zstd against a
 * dictionary trained on the version's first 16 answers, as the service trains it), against the format before it
 * (zlib in 32 KB parts, each from a 32 KB dictionary), and read back. The sizes are printed at setup. Run with
 * {@code ./mvnw -B -Pbench verify} ({@code .ci/bench --jmh-only}).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AuditTextBenchmark {

    byte[] answer;
    CompressionDictionary dictionary;
    byte[] deflateDictionary;
    byte[] compressed;

    @Setup
    public void setUp() throws IOException {
        RulesetCompiler.Compilation compilation = new RulesetCompiler(getClass().getClassLoader())
                .compile("rules", RulesetCompiler.readSources(Path.of("rules")));
        if (!compilation.succeeded()) {
            throw new IllegalStateException("rules do not compile: " + compilation.errors());
        }
        Ruleset ruleset = compilation.ruleset();
        List<byte[]> answers = new ArrayList<>();
        try (var in = getClass().getResourceAsStream("/cases/api-example.json")) {
            byte[] body = in.readAllBytes();
            Diagnoser diagnoser = Diagnoser.standalone();
            Diagnoser.Engine engine = Diagnoser.Engine.of(ruleset, RulesConfig.DEFAULT_MAX_FIRINGS);
            ObjectMapper json = JsonMapper.builder().findAndAddModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
            for (int i = 0; i <= 16; i++) { // each its own id and time, as the service answers
                Clock clock = Clock.fixed(Instant.parse("2026-11-30T00:00:00Z").plusMillis(i * 7919L), ZoneOffset.UTC);
                answers.add(json.writeValueAsBytes(diagnoser.diagnose(body, engine, "answer-" + i, clock)));
            }
        } finally {
            ruleset.release();
        }
        answer = answers.remove(16);
        dictionary = CompressionDictionary.of(CompressionDictionary.train(answers, CompressionDictionary.MAX_SIZE));
        deflateDictionary = CompressionDictionary.train(answers, DeflatedInParts.PART);
        compressed = StoredText.compress(answer, dictionary);
        if (!Arrays.equals(StoredText.decompress(compressed, dictionary.content()), answer)) {
            throw new IllegalStateException("the answer does not come back");
        }
        System.out.printf("%nthe API example's answer: %,d bytes; zstd alone %,d, with its dictionary %,d; "
                + "deflate alone %,d, in parts with a 32 KB dictionary %,d%n", answer.length, StoredText.compress(answer).length,
                compressed.length, StoredText.deflate(answer).length, DeflatedInParts.of(answer, deflateDictionary).length);
    }

    @Benchmark
    public byte[] compressApiExampleAnswer() {
        return StoredText.compress(answer, dictionary);
    }

    /** The format before zstd, for comparison. */
    @Benchmark
    public byte[] deflateApiExampleAnswerInParts() {
        return DeflatedInParts.of(answer, deflateDictionary);
    }

    @Benchmark
    public byte[] decompressApiExampleAnswer() {
        return StoredText.decompress(compressed, dictionary.content());
    }
}

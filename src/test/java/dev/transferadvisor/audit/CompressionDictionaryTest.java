package dev.transferadvisor.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.transferadvisor.advice.Diagnoser;
import dev.transferadvisor.ruleset.RulesConfig;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.ruleset.RulesetCompiler;
import dev.transferadvisor.ruleset.RulesetCompiler.Compilation;

/**
 * A dictionary trained on some records makes other records like them smaller, and each compressed text comes back
 * byte for byte only with the dictionary it was compressed against — as do the zlib streams records held before zstd.
 */
class CompressionDictionaryTest {

    @Test
    void aDictionaryTrainedOnAVersionsFirstAnswersCompressesItsLaterAnswersToAThirdOfTheirSizeAlone() throws Exception {
        Compilation compilation = new RulesetCompiler(getClass().getClassLoader()).compile("rules", RulesetCompiler.readSources(Path.of("rules")));
        assertThat(compilation.errors()).isEmpty();
        Ruleset ruleset = compilation.ruleset();
        try {
            Diagnoser diagnoser = Diagnoser.standalone();
            Diagnoser.Engine engine = Diagnoser.Engine.of(ruleset, RulesConfig.DEFAULT_MAX_FIRINGS);
            ObjectMapper json = JsonMapper.builder().findAndAddModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
            List<byte[]> first = new ArrayList<>();
            List<byte[]> later = new ArrayList<>();
            int n = 0;
            for (String name : List.of("xray-api-example", "bert-full-fine-tuning-on-rte", "fraud-resampled-training",
                    "text-model-for-molecule-graphs", "wav2vec-on-8khz-call-audio", "zero-shot-clip-product-photos")) {
                byte[] body = Files.readAllBytes(Path.of("src/main/resources/warm-up", name + ".json"));
                for (List<byte[]> answers : List.of(first, first, later)) { // as the service answers them: each its own id and time
                    Clock clock = Clock.fixed(Instant.parse("2026-11-30T00:00:00Z").plusMillis(n * 7919L), ZoneOffset.UTC);
                    answers.add(json.writeValueAsBytes(diagnoser.diagnose(body, engine, "answer-" + n++, clock)));
                }
            }
            CompressionDictionary dictionary = CompressionDictionary.of(CompressionDictionary.train(first, CompressionDictionary.MAX_SIZE));
            assertThat(dictionary.content().length).isBetween(CompressionDictionary.MIN_SIZE, CompressionDictionary.MAX_SIZE);

            long alone = 0;
            long withDictionary = 0;
            for (byte[] answer : later) { // none of them a sample
                byte[] compressed = StoredText.compress(answer, dictionary);
                assertThat(StoredText.decompress(compressed, dictionary.content())).isEqualTo(answer);
                alone += StoredText.compress(answer).length;
                withDictionary += compressed.length;
            }
            assertThat(withDictionary).as("compressed with the dictionary, against %d bytes alone", alone).isLessThan(alone / 3);
        } finally {
            ruleset.release();
        }
    }

    @Test
    void aTextManyTimesItsDictionarysSizeComesBackWhole() {
        CompressionDictionary dictionary = CompressionDictionary.of(CompressionDictionary.train(answers(1, 16), CompressionDictionary.MAX_SIZE));
        byte[] text = joined(answers(2_000, 30));
        assertThat(text.length).isGreaterThan(3 * CompressionDictionary.MAX_SIZE);
        for (byte[] each : new byte[][] { text, Arrays.copyOf(text, CompressionDictionary.MAX_SIZE), new byte[0] }) {
            byte[] compressed = StoredText.compress(each, dictionary);
            assertThat(StoredText.decompress(compressed, dictionary.content())).as("%d bytes", each.length).isEqualTo(each);
        }
        byte[] compressed = StoredText.compress(text, dictionary);
        assertThatThrownBy(() -> StoredText.decompress(Arrays.copyOf(compressed, compressed.length - 40), dictionary.content()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void recordsDeflatedInPartsWithADictionaryBeforeZstdStillReadBack() {
        byte[] dictionary = CompressionDictionary.train(answers(1, 16), 32 * 1024);
        byte[] text = joined(answers(2_000, 12));
        assertThat(text.length).isGreaterThan(3 * 32 * 1024);
        for (byte[] each : new byte[][] { text, Arrays.copyOf(text, 32 * 1024), Arrays.copyOf(text, 32 * 1024 + 1) }) {
            assertThat(StoredText.decompress(DeflatedInParts.of(each, dictionary), dictionary)).as("%d bytes", each.length).isEqualTo(each);
        }
        byte[] deflated = DeflatedInParts.of(text, dictionary);
        assertThatThrownBy(() -> StoredText.decompress(Arrays.copyOf(deflated, deflated.length - 40), dictionary))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cut short");
        assertThatThrownBy(() -> StoredText.decompress(deflated)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a deflate dictionary");
        byte[] another = CompressionDictionary.train(answers(500, 8), 32 * 1024);
        assertThatThrownBy(() -> StoredText.decompress(deflated, another)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another dictionary");
    }

    @Test
    void theSameSamplesTrainTheSameDictionaryNamedByItsContent() {
        byte[] one = CompressionDictionary.train(answers(7, 4), CompressionDictionary.MAX_SIZE);
        byte[] two = CompressionDictionary.train(answers(7, 4), CompressionDictionary.MAX_SIZE);
        assertThat(two).isEqualTo(one);
        assertThat(CompressionDictionary.of(two).id()).isEqualTo(CompressionDictionary.of(one).id()).isEqualTo(Chain.sha256Hex(one)).hasSize(64);
        assertThat(CompressionDictionary.train(answers(7, 4), 4096)).hasSizeLessThanOrEqualTo(4096);
    }

    @Test
    void samplesShorterThanASegmentTrainNothing() {
        byte[] tiny = "{\"id\":\"a\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(CompressionDictionary.train(List.of(tiny, tiny, tiny), CompressionDictionary.MAX_SIZE)).isEmpty();
    }

    @Test
    void aTextNeedsTheDictionaryItWasCompressedAgainstAndNoOther() {
        CompressionDictionary dictionary = CompressionDictionary.of(CompressionDictionary.train(answers(1, 8), CompressionDictionary.MAX_SIZE));
        CompressionDictionary another = CompressionDictionary.of(CompressionDictionary.train(answers(500, 8), CompressionDictionary.MAX_SIZE));
        byte[] answer = answers(99, 1).get(0);
        byte[] compressed = StoredText.compress(answer, dictionary);

        assertThatThrownBy(() -> StoredText.decompress(compressed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a dictionary its record does not name");
        assertThatThrownBy(() -> StoredText.decompress(compressed, another.content())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another dictionary than its record names");
        // a text compressed without one reads back whether or not its record names a dictionary
        assertThat(StoredText.decompress(StoredText.compress(answer, null), dictionary.content())).isEqualTo(answer);
    }

    private static byte[] joined(List<byte[]> texts) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        texts.forEach(joined::writeBytes);
        return joined.toByteArray();
    }

    private static final String[] RULES = new String[40];

    static {
        for (int r = 0; r < RULES.length; r++) {
            RULES[r] = "{\"rule\":\"pitfalls/rule-number-" + r + "\",\"file\":\"pitfalls/file-" + (r % 7) + ".drl\",\"metadata\":{"
                    + "\"severity\":\"" + (r % 3 == 0 ? "HIGH" : "INFO") + "\",\"code\":\"CODE_" + (r % 9) + "\",\"reference\":\"DOMAIN.md §"
                    + (r % 5) + ": a sentence of its own about rule " + r + " – why it holds, with a source\","
                    + "\"description\":\"What rule " + r + " looks for in a case, in words an author chose …\"}";
        }
    }

    /** Answers as the rules would write them: each fires some of the same rules on facts of its own case. */
    private static List<byte[]> answers(long seed, int count) {
        Random random = new Random(seed);
        List<byte[]> answers = new ArrayList<>();
        for (int a = 0; a < count; a++) {
            StringBuilder text = new StringBuilder("{\"id\":\"").append(random.nextLong()).append("\",\"trace\":[");
            int firings = 20 + random.nextInt(30);
            for (int f = 0; f < firings; f++) {
                text.append(RULES[random.nextInt(RULES.length)]).append(",\"matched\":[\"Target{labeledExamples=")
                        .append(random.nextInt(100_000)).append(", domain=").append(random.nextInt(50)).append("}\"]},");
            }
            answers.add(text.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        }
        return answers;
    }
}

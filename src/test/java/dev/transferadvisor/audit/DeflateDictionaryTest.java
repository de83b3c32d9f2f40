package dev.transferadvisor.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * A dictionary trained on some records makes other records like them smaller, and each deflated text comes back byte
 * for byte only with the dictionary it was deflated with.
 */
class DeflateDictionaryTest {

    @Test
    void aDictionaryTrainedOnSomeAnswersDeflatesOthersOfTheSameRulesMuchSmaller() {
        List<byte[]> samples = answers(1, 16);
        DeflateDictionary dictionary = DeflateDictionary.of(DeflateDictionary.train(samples, DeflateDictionary.MAX_SIZE));
        assertThat(dictionary.content().length).isBetween(DeflateDictionary.MIN_SIZE, DeflateDictionary.MAX_SIZE);

        long alone = 0;
        long withDictionary = 0;
        for (byte[] answer : answers(1_000, 20)) { // none of them a sample
            byte[] deflated = StoredText.deflate(answer, dictionary);
            assertThat(StoredText.inflateBytes(deflated, dictionary.content())).isEqualTo(answer);
            alone += StoredText.deflate(answer).length;
            withDictionary += deflated.length;
        }
        assertThat(withDictionary).as("deflated with the dictionary, against %d bytes alone", alone).isLessThan(alone * 2 / 3);
    }

    @Test
    void aTextLongerThanDeflatesReachIsDeflatedInPartsThatEachUseTheDictionaryAndComesBackWhole() {
        DeflateDictionary dictionary = DeflateDictionary.of(DeflateDictionary.train(answers(1, 16), DeflateDictionary.MAX_SIZE));
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        answers(2_000, 12).forEach(joined::writeBytes);
        byte[] text = joined.toByteArray();
        assertThat(text.length).isGreaterThan(3 * DeflateDictionary.MAX_SIZE);
        for (byte[] each : new byte[][] { text, java.util.Arrays.copyOf(text, DeflateDictionary.MAX_SIZE),
                java.util.Arrays.copyOf(text, DeflateDictionary.MAX_SIZE + 1), new byte[0] }) {
            byte[] deflated = StoredText.deflate(each, dictionary);
            assertThat(StoredText.inflateBytes(deflated, dictionary.content())).as("%d bytes", each.length).isEqualTo(each);
        }
        byte[] deflated = StoredText.deflate(text, dictionary);
        assertThatThrownBy(() -> StoredText.inflateBytes(java.util.Arrays.copyOf(deflated, deflated.length - 40), dictionary.content()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theSameSamplesTrainTheSameDictionaryNamedByItsContent() {
        byte[] one = DeflateDictionary.train(answers(7, 4), DeflateDictionary.MAX_SIZE);
        byte[] two = DeflateDictionary.train(answers(7, 4), DeflateDictionary.MAX_SIZE);
        assertThat(two).isEqualTo(one);
        assertThat(DeflateDictionary.of(two).id()).isEqualTo(DeflateDictionary.of(one).id()).isEqualTo(Chain.sha256Hex(one)).hasSize(64);
        assertThat(DeflateDictionary.train(answers(7, 4), 4096)).hasSizeLessThanOrEqualTo(4096);
    }

    @Test
    void samplesShorterThanASegmentTrainNothing() {
        byte[] tiny = "{\"id\":\"a\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(DeflateDictionary.train(List.of(tiny, tiny, tiny), DeflateDictionary.MAX_SIZE)).isEmpty();
    }

    @Test
    void aTextNeedsTheDictionaryItWasDeflatedWithAndNoOther() {
        DeflateDictionary dictionary = DeflateDictionary.of(DeflateDictionary.train(answers(1, 8), DeflateDictionary.MAX_SIZE));
        DeflateDictionary another = DeflateDictionary.of(DeflateDictionary.train(answers(500, 8), DeflateDictionary.MAX_SIZE));
        byte[] answer = answers(99, 1).get(0);
        byte[] deflated = StoredText.deflate(answer, dictionary);

        assertThatThrownBy(() -> StoredText.inflateBytes(deflated)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a deflate dictionary");
        assertThatThrownBy(() -> StoredText.inflateBytes(deflated, another.content())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another dictionary");
        // a text deflated without one reads back whether or not its record names a dictionary
        assertThat(StoredText.inflateBytes(StoredText.deflate(answer), dictionary.content())).isEqualTo(answer);
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

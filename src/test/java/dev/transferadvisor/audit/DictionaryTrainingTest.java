package dev.transferadvisor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Each kind of text of each ruleset version gets a dictionary trained from its first texts, off the caller's thread;
 * until then, and when training is off, texts are deflated without one.
 */
class DictionaryTrainingTest {

    private final List<Runnable> training = new ArrayList<>();

    @Test
    void aVersionsTextsGetADictionaryOnceItsFirstOnesHaveTrainedOne() {
        DictionaryTraining dictionaries = new DictionaryTraining(3, training::add);
        assertThat(dictionaries.forText("diagnosis", "v1", text(1))).isNull();
        assertThat(dictionaries.forText("diagnosis", "v1", text(2))).isNull();
        byte[] third = text(3);
        assertThat(dictionaries.forText("diagnosis", "v1", third)).isNull();
        assertThat(training).as("one training handed to the trainer").hasSize(1);
        third[0] = 'X'; // the caller's buffer changes after: the sample was copied
        assertThat(dictionaries.forText("diagnosis", "v1", text(4))).as("not trained yet").isNull();

        training.get(0).run();
        CompressionDictionary dictionary = dictionaries.forText("diagnosis", "v1", text(5));
        assertThat(dictionary).isNotNull();
        assertThat(dictionary.content()).isEqualTo(CompressionDictionary.train(List.of(text(1), text(2), text(3)), CompressionDictionary.MAX_SIZE));
        assertThat(dictionaries.forText("diagnosis", "v1", text(6))).isSameAs(dictionary);
        assertThat(dictionaries.trained()).isEqualTo(1);

        assertThat(dictionaries.forText("request_body", "v1", text(7))).as("another kind").isNull();
        assertThat(dictionaries.forText("diagnosis", "v2", text(8))).as("another version").isNull();
        assertThat(training).hasSize(1);
    }

    @Test
    void samplesThatTrainNoDictionaryLeaveTextsWithoutOne() {
        DictionaryTraining dictionaries = new DictionaryTraining(2, training::add);
        byte[] tiny = "{}".getBytes(StandardCharsets.UTF_8);
        dictionaries.forText("request_body", "v1", tiny);
        dictionaries.forText("request_body", "v1", tiny);
        training.forEach(Runnable::run);
        assertThat(dictionaries.forText("request_body", "v1", tiny)).isNull();
        assertThat(training).as("not tried again").hasSize(1);
    }

    @Test
    void largeTextsTrainOnceTheyHoldAMegabyteAndLaterOnesAreNotAddedToSamplesInTraining() {
        DictionaryTraining dictionaries = new DictionaryTraining(16, training::add);
        byte[] large = new byte[600 * 1024];
        System.arraycopy(text(1), 0, large, 0, text(1).length);
        assertThat(dictionaries.forText("diagnosis", "v1", large)).isNull();
        assertThat(training).isEmpty();
        assertThat(dictionaries.forText("diagnosis", "v1", large)).isNull();
        assertThat(training).as("two texts of 600 KB: trained before 16").hasSize(1);
        for (int i = 0; i < 20; i++) {
            assertThat(dictionaries.forText("diagnosis", "v1", text(i))).isNull();
        }
        training.get(0).run(); // had later texts joined the samples under training, it would see more than two
        assertThat(dictionaries.forText("diagnosis", "v1", text(99)).content())
                .isEqualTo(CompressionDictionary.train(List.of(large, large), CompressionDictionary.MAX_SIZE));
        assertThat(training).hasSize(1);
    }

    @Test
    void aStoppedTrainerLeavesTextsWithoutADictionaryAndRefusesNoDiagnosis() {
        DictionaryTraining dictionaries = new DictionaryTraining(1, task -> {
            throw new java.util.concurrent.RejectedExecutionException("stopped");
        });
        assertThat(dictionaries.forText("diagnosis", "v1", text(1))).isNull();
        assertThat(dictionaries.forText("diagnosis", "v1", text(2))).isNull();
    }

    @Test
    void noneIsTrainedWhenTrainingIsOff() {
        DictionaryTraining dictionaries = new DictionaryTraining(0, training::add);
        for (int i = 0; i < 20; i++) {
            assertThat(dictionaries.forText("diagnosis", "v1", text(i))).isNull();
        }
        assertThat(training).isEmpty();
    }

    private static byte[] text(int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            text.append("{\"rule\":\"pitfalls/rule-").append(i % 13).append("\",\"matched\":[\"Case{n=").append(n * i).append("}\"]},");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}

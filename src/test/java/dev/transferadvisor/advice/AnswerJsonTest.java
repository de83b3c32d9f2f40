package dev.transferadvisor.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.transferadvisor.ruleset.RulesConfig;
import dev.transferadvisor.ruleset.Ruleset;
import dev.transferadvisor.ruleset.RulesetCompiler;

/** Answers written with each rule's metadata copied from JSON made once are the bytes Jackson alone writes. */
class AnswerJsonTest {

    private static Ruleset ruleset;
    private static final Diagnoser DIAGNOSER = Diagnoser.standalone();
    private static final ObjectMapper PLAIN = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final ObjectMapper SERVICE = PLAIN.copy();

    @BeforeAll
    static void compile() throws Exception {
        ruleset = new RulesetCompiler(AnswerJsonTest.class.getClassLoader())
                .compile("rules", RulesetCompiler.readSources(Path.of("rules"))).ruleset();
        new AnswerJson().customize(SERVICE);
    }

    @AfterAll
    static void release() {
        ruleset.release();
    }

    private static Diagnosis answer(String resource) throws Exception {
        try (InputStream in = AnswerJsonTest.class.getResourceAsStream(resource)) {
            return DIAGNOSER.diagnose(in.readAllBytes(), Diagnoser.Engine.of(ruleset, RulesConfig.DEFAULT_MAX_FIRINGS), "id",
                    Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        }
    }

    @Test
    void everyWarmUpCaseIsWrittenByteForByteAsJacksonWritesIt() throws Exception {
        for (String name : WarmUpCaseFiles.FILES) {
            Diagnosis diagnosis = answer("/warm-up/" + name + ".json");
            assertThat(diagnosis.trace()).as(name).isNotEmpty();
            // twice: the first writes each rule's metadata and remembers it, the second copies what it remembered
            for (int round = 0; round < 2; round++) {
                assertThat(new String(SERVICE.writeValueAsBytes(diagnosis), "UTF-8")).as(name)
                        .isEqualTo(new String(PLAIN.writeValueAsBytes(diagnosis), "UTF-8"));
            }
        }
    }

    @Test
    void prettyPrintedAnswersStayPrettyPrinted() throws Exception {
        Diagnosis diagnosis = answer("/cases/api-example.json");
        SERVICE.writeValueAsBytes(diagnosis); // the metadata remembered compact
        assertThat(SERVICE.writerWithDefaultPrettyPrinter().writeValueAsString(diagnosis))
                .isEqualTo(PLAIN.writerWithDefaultPrettyPrinter().writeValueAsString(diagnosis));
    }
}
